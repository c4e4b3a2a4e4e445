/**
 * Stores a tenant secret, envelope-encrypted; the value is never returned (the caller already has it) and never
 * logged. At most one active secret per model provider: that is the key the device gateways inject. Rotate it
 * to change the value.
 */
import { randomUUID } from "node:crypto";
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { processKeyring, sealSecretValue, type TKeyring } from "./secret-keyring";
import { DEFAULT_SECRET_HEADER, SECRET_META_SELECT, ZCreateTenantSecretInput, secretAad, secretHint, toSecretMeta, type TCreateTenantSecretInput, type TTenantSecretMeta } from "./secret-schemas";

export async function createTenantSecret(opts: { scope: TTenantScope; input: TCreateTenantSecretInput; keyring?: TKeyring }): Promise<TTenantSecretMeta> {
  const parsed = ZCreateTenantSecretInput.safeParse(opts.input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", `${i?.path.join(".") || "input"}: ${i?.message}`);
  }
  const input = parsed.data;
  const { db, tenantId, actor } = opts.scope;
  const header = input.provider === "custom" ? { headerName: input.headerName!, valuePrefix: input.valuePrefix ?? "" } : DEFAULT_SECRET_HEADER[input.provider];
  const id = `sec_${randomUUID().replace(/-/g, "")}`;
  const sealed = sealSecretValue({ keyring: opts.keyring ?? processKeyring(), plaintext: input.value, aad: secretAad({ tenantId, secretId: id, version: 1 }) });
  return db.$transaction(async (tx) => {
    if (input.provider !== "custom") {
      const active = await tx.tenantSecret.findFirst({ where: { provider: input.provider, status: "active" }, select: { name: true } });
      if (active) throw new AppError("CONFLICT", `"${active.name}" is already the active ${input.provider} key; rotate it, or revoke it first`);
    }
    const taken = await tx.tenantSecret.findFirst({ where: { name: input.name }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", `A secret named "${input.name}" already exists`);
    const row = await tx.tenantSecret.create({
      data: {
        id,
        tenantId,
        name: input.name,
        provider: input.provider,
        headerName: header.headerName,
        valuePrefix: header.valuePrefix,
        valueEnc: sealed.ciphertext,
        kekId: sealed.kekId,
        hint: secretHint({ value: input.value }),
        createdById: actor.id,
      },
      select: SECRET_META_SELECT,
    });
    await appendAudit({ db: tx, tenantId, actor, action: "secret.created", target: { type: "tenant_secret", id }, summary: { name: row.name, provider: row.provider, hint: row.hint } });
    return toSecretMeta(row);
  });
}
