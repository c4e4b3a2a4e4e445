import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { newSecretToken } from "../secret-token";

/** Creates a tenant API key. The key is returned once and only its hash is kept. */
export async function createApiKey(opts: { scope: TTenantScope; name: string; keyScope: "read" | "admin" }) {
  const { db, tenantId, actor } = opts.scope;
  const secret = newSecretToken("mk");
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.create({
      data: { tenantId, name: opts.name, prefix: secret.prefix, hash: secret.hash, scope: opts.keyScope, createdById: actor.id },
    });
    await appendAudit({ db: tx, tenantId, actor, action: "api_key.created", target: { type: "api_key", id: key.id }, summary: { name: key.name, scope: key.scope, prefix: key.prefix } });
    return { id: key.id, name: key.name, scope: key.scope, prefix: key.prefix, createdAt: key.createdAt, key: secret.token };
  });
}
