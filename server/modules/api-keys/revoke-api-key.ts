import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";

export async function revokeApiKey(opts: { scope: TTenantScope; id: string }) {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: opts.id } });
    if (!key) throw new AppError("NOT_FOUND", "API key not found");
    if (key.revokedAt) throw new AppError("CONFLICT", "API key is already revoked");
    const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await appendAudit({ db: tx, tenantId, actor, action: "api_key.revoked", target: { type: "api_key", id: key.id }, summary: { name: key.name, prefix: key.prefix } });
    return { id: revoked.id, revokedAt: revoked.revokedAt! };
  });
}
