/**
 * Replaces a secret's value (new DEK, version + 1). Gateways holding the old value in memory pick up the new one
 * when their short cache expires (DEVICE_SECRET_TTL_SEC); keep the old key valid at the vendor until then.
 */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { processKeyring, sealSecretValue, type TKeyring } from "./secret-keyring";
import { SECRET_META_SELECT, ZSecretValue, secretAad, secretHint, toSecretMeta, type TTenantSecretMeta } from "./secret-schemas";

export async function rotateTenantSecret(opts: { scope: TTenantScope; id: string; value: string; keyring?: TKeyring }): Promise<TTenantSecretMeta> {
  const value = ZSecretValue.safeParse(opts.value);
  if (!value.success) throw new AppError("BAD_REQUEST", `value: ${value.error.issues[0]?.message}`);
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const current = await tx.tenantSecret.findFirst({ where: { id: opts.id }, select: { id: true, status: true, version: true, name: true } });
    if (!current) throw new AppError("NOT_FOUND", "Secret not found");
    if (current.status !== "active") throw new AppError("CONFLICT", "This secret is revoked; create a new one");
    const version = current.version + 1;
    const sealed = sealSecretValue({ keyring: opts.keyring ?? processKeyring(), plaintext: value.data, aad: secretAad({ tenantId, secretId: current.id, version }) });
    // optimistic: a concurrent rotation of the same version loses (count 0) instead of overwriting
    const updated = await tx.tenantSecret.updateMany({
      where: { id: current.id, version: current.version },
      data: { valueEnc: sealed.ciphertext, kekId: sealed.kekId, version, hint: secretHint({ value: value.data }), rotatedAt: new Date() },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT", "The secret was rotated at the same time; reload and retry");
    const row = await tx.tenantSecret.findFirstOrThrow({ where: { id: current.id }, select: SECRET_META_SELECT });
    await appendAudit({ db: tx, tenantId, actor, action: "secret.rotated", target: { type: "tenant_secret", id: row.id }, summary: { name: row.name, version, hint: row.hint } });
    return toSecretMeta(row);
  });
}
