/** Creates a SCIM bearer token for the tenant's identity provider. The token is returned once; only its sha256 is kept. */
import { appendAudit } from "@/server/modules/audit/append-audit";
import { newSecretToken } from "@/server/modules/secret-token";
import type { TTenantScope } from "@/server/modules/tenant-scope";

export const SCIM_TOKEN_KIND = "scim";

export async function createScimToken(opts: { scope: TTenantScope; name: string }) {
  const { db, tenantId, actor } = opts.scope;
  const secret = newSecretToken(SCIM_TOKEN_KIND);
  return db.$transaction(async (tx) => {
    const token = await tx.scimToken.create({
      data: { tenantId, name: opts.name, prefix: secret.prefix, hash: secret.hash, createdById: actor.id },
    });
    await appendAudit({ db: tx, tenantId, actor, action: "scim_token.created", target: { type: "scim_token", id: token.id }, summary: { name: token.name, prefix: token.prefix } });
    return { id: token.id, name: token.name, prefix: token.prefix, createdAt: token.createdAt, token: secret.token };
  });
}
