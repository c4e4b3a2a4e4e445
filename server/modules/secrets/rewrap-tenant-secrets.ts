/**
 * KEK rotation step 2 (see secret-keyring.ts): re-wraps the DEK of every active secret of the tenant that is still
 * under an older KEK. Each row is updated only if it did not change meanwhile (a concurrent rotation wins), so it
 * is safe to run while gateways keep fetching secrets.
 */
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { processKeyring, rewrapCiphertext, type TKeyring } from "./secret-keyring";
import { secretAad } from "./secret-schemas";

export async function rewrapTenantSecrets(opts: { scope: TTenantScope; keyring?: TKeyring }): Promise<{ rewrapped: number; alreadyCurrent: number; kekId: string }> {
  const keyring = opts.keyring ?? processKeyring();
  const { db, tenantId, actor } = opts.scope;
  const rows = await db.tenantSecret.findMany({ where: { status: "active" }, select: { id: true, kekId: true, version: true, valueEnc: true } });
  let rewrapped = 0;
  let alreadyCurrent = 0;
  for (const row of rows) {
    if (row.kekId === keyring.currentId) {
      alreadyCurrent += 1;
      continue;
    }
    const valueEnc = rewrapCiphertext({ keyring, ciphertext: row.valueEnc, aad: secretAad({ tenantId, secretId: row.id, version: row.version }) });
    const res = await db.tenantSecret.updateMany({ where: { id: row.id, version: row.version, kekId: row.kekId }, data: { valueEnc, kekId: keyring.currentId } });
    rewrapped += res.count;
  }
  if (rewrapped > 0) {
    await db.$transaction((tx) => appendAudit({ db: tx, tenantId, actor, action: "secret.kek_rewrapped", target: { type: "tenant", id: tenantId }, summary: { rewrapped, kekId: keyring.currentId } }));
  }
  return { rewrapped, alreadyCurrent, kekId: keyring.currentId };
}
