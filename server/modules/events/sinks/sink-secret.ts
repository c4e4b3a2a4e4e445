/**
 * Sink secrets (webhook signing secret, Splunk HEC token) use the one secrets mechanism:
 * envelope encryption (server/modules/secrets/envelope-encryption.ts, AES-256-GCM with a random DEK per secret,
 * the DEK wrapped under the KEK from MARSHAL_SECRETS_KEK) through the keyring (secret-keyring.ts), so a KEK
 * rotation (MARSHAL_SECRETS_KEK_PREVIOUS + re-wrap) covers sink secrets like every other tenant secret.
 * The associated data binds a ciphertext to its tenant and sink: copied to another row it does not open.
 *
 * Migration from the first format (`v1.<iv>.<tag>.<ciphertext>`, a key derived with HKDF from MARSHAL_SECRETS_KEK or
 * AUTH_SECRET): such rows still open (./legacy-sink-secret.ts, read-only), and `upgradeSinkSecrets` (run by the
 * events.maintain job, hourly and at start) re-seals them, and re-wraps rows still under a previous KEK, with a
 * compare-and-set per row. Once no `v1.` row is left, legacy-sink-secret.ts can be deleted.
 */
import { listSinkSecretCiphertexts, replaceSinkSecretCiphertext } from "@/server/db/event-sinks";
import { ciphertextKekId, openSecretValue, processKeyring, rewrapCiphertext, sealSecretValue, type TKeyring } from "../../secrets/secret-keyring";
import { isLegacySinkSecret, openLegacySinkSecret } from "./legacy-sink-secret";

export function sinkSecretAad({ tenantId, sinkId }: { tenantId: string; sinkId: string }): string {
  return `event-sink-secret:${tenantId}:${sinkId}`;
}

export function sealSinkSecret({ tenantId, sinkId, plaintext, keyring = processKeyring() }: { tenantId: string; sinkId: string; plaintext: string; keyring?: TKeyring }): string {
  return sealSecretValue({ keyring, plaintext, aad: sinkSecretAad({ tenantId, sinkId }) }).ciphertext;
}

export function openSinkSecret({ tenantId, sinkId, ciphertext, keyring = processKeyring() }: { tenantId: string; sinkId: string; ciphertext: string; keyring?: TKeyring }): string {
  if (isLegacySinkSecret(ciphertext)) return openLegacySinkSecret(ciphertext);
  return openSecretValue({ keyring, ciphertext, aad: sinkSecretAad({ tenantId, sinkId }) });
}

export type TUpgradeSinkSecretsResult = { resealed: number; rewrapped: number; current: number; failed: { sinkId: string; error: string }[] };

/** Re-seals legacy sink secrets and re-wraps those under a previous KEK (all tenants, or one). Safe to run repeatedly and concurrently. */
export async function upgradeSinkSecrets({ keyring = processKeyring(), tenantId }: { keyring?: TKeyring; tenantId?: string } = {}): Promise<TUpgradeSinkSecretsResult> {
  const result: TUpgradeSinkSecretsResult = { resealed: 0, rewrapped: 0, current: 0, failed: [] };
  for (const row of await listSinkSecretCiphertexts({ tenantId })) {
    const aadParts = { tenantId: row.tenantId, sinkId: row.id };
    try {
      if (isLegacySinkSecret(row.secretCiphertext)) {
        const next = sealSinkSecret({ ...aadParts, plaintext: openLegacySinkSecret(row.secretCiphertext), keyring });
        if (await replaceSinkSecretCiphertext({ sinkId: row.id, from: row.secretCiphertext, to: next })) result.resealed++;
      } else if (ciphertextKekId({ ciphertext: row.secretCiphertext }) !== keyring.currentId) {
        const next = rewrapCiphertext({ keyring, ciphertext: row.secretCiphertext, aad: sinkSecretAad(aadParts) });
        if (await replaceSinkSecretCiphertext({ sinkId: row.id, from: row.secretCiphertext, to: next })) result.rewrapped++;
      } else {
        result.current++;
      }
    } catch (error) {
      result.failed.push({ sinkId: row.id, error: (error as Error).message });
    }
  }
  return result;
}
