/**
 * READ-ONLY support for sink secrets written before sink secrets moved to envelope encryption (see sink-secret.ts):
 * `v1.<iv>.<tag>.<ciphertext>` (base64url), AES-256-GCM under HKDF-SHA256(MARSHAL_SECRETS_KEK or AUTH_SECRET,
 * salt "marshal", info "marshal/event-sink-secret"). Nothing writes this format any more; `upgradeSinkSecrets`
 * re-seals such rows. Delete this file once no deployment has a `v1.` row left.
 */
import { createDecipheriv, hkdfSync } from "node:crypto";
import { AppError } from "@/server/errors";

export function isLegacySinkSecret(stored: string): boolean {
  return stored.startsWith("v1.");
}

export function openLegacySinkSecret(stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new AppError("INTERNAL", "unreadable legacy sink secret");
  const material = process.env.MARSHAL_SECRETS_KEK || process.env.AUTH_SECRET;
  if (!material) throw new AppError("INTERNAL", "a legacy sink secret needs MARSHAL_SECRETS_KEK or AUTH_SECRET (the key it was written with) to be read");
  const key = Buffer.from(hkdfSync("sha256", material, "marshal", "marshal/event-sink-secret", 32));
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new AppError("INTERNAL", "legacy sink secret failed authentication (MARSHAL_SECRETS_KEK / AUTH_SECRET changed since it was written)");
  }
}
