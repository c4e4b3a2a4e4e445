/**
 * Sink secrets (webhook signing secret, Splunk HEC token) are encrypted at rest with AES-256-GCM.
 * Key: HKDF-SHA256 of MARSHAL_SECRETS_KEK (or AUTH_SECRET when no KEK is set), info
 * "marshal/event-sink-secret". Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

function key(): Buffer {
  const material = process.env.MARSHAL_SECRETS_KEK || process.env.AUTH_SECRET;
  if (!material) throw new Error("MARSHAL_SECRETS_KEK or AUTH_SECRET must be set to store sink secrets");
  return Buffer.from(hkdfSync("sha256", material, "marshal", "marshal/event-sink-secret", 32));
}

export function encryptSinkSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSinkSecret(stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("unreadable sink secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
