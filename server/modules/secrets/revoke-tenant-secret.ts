/** Revokes a secret: devices get no more copies of it at once, and its ciphertext is erased (nothing to leak). */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { SECRET_META_SELECT, toSecretMeta, type TTenantSecretMeta } from "./secret-schemas";

export async function revokeTenantSecret(opts: { scope: TTenantScope; id: string }): Promise<TTenantSecretMeta> {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const current = await tx.tenantSecret.findFirst({ where: { id: opts.id }, select: { id: true, status: true, name: true, provider: true } });
    if (!current) throw new AppError("NOT_FOUND", "Secret not found");
    if (current.status === "revoked") throw new AppError("CONFLICT", "This secret is already revoked");
    const row = await tx.tenantSecret.update({
      where: { id: current.id },
      data: { status: "revoked", revokedAt: new Date(), valueEnc: "" },
      select: SECRET_META_SELECT,
    });
    await appendAudit({ db: tx, tenantId, actor, action: "secret.revoked", target: { type: "tenant_secret", id: row.id }, summary: { name: row.name, provider: row.provider } });
    return toSecretMeta(row);
  });
}
