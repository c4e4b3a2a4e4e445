import { AppError } from "@/server/errors";
import { appendAudit } from "@/server/modules/audit/append-audit";
import type { TTenantScope } from "@/server/modules/tenant-scope";

/** Revokes a SCIM token: the identity provider's next request with it gets 401. */
export async function revokeScimToken(opts: { scope: TTenantScope; id: string }) {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const token = await tx.scimToken.findFirst({ where: { id: opts.id } });
    if (!token) throw new AppError("NOT_FOUND", "SCIM token not found");
    if (token.revokedAt) throw new AppError("CONFLICT", "SCIM token is already revoked");
    const revoked = await tx.scimToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await appendAudit({ db: tx, tenantId, actor, action: "scim_token.revoked", target: { type: "scim_token", id: token.id }, summary: { name: token.name, prefix: token.prefix } });
    return { id: revoked.id, revokedAt: revoked.revokedAt! };
  });
}
