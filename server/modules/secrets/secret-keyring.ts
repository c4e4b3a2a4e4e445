/**
 * The KEKs this process can use for tenant secrets: the current one (`MARSHAL_SECRETS_KEK`, see
 * envelope-encryption.ts) and, during a KEK rotation, the previous ones (`MARSHAL_SECRETS_KEK_PREVIOUS`,
 * comma-separated). Rotation without downtime:
 *   1. deploy with MARSHAL_SECRETS_KEK=<new> and MARSHAL_SECRETS_KEK_PREVIOUS=<old>: every node reads secrets under
 *      either key (the ciphertext names its KEK id) and writes new ones under the new key;
 *   2. run `rewrapTenantSecrets` (console "Re-wrap" or REST): each secret's DEK is unwrapped with the old KEK and
 *      wrapped with the new one; the secret's own ciphertext is untouched;
 *   3. when no row names the old KEK id any more, drop MARSHAL_SECRETS_KEK_PREVIOUS.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@/server/errors";
import { decryptSecret, encryptSecret, kekId, parseKek, processKek } from "./envelope-encryption";

export type TKeyring = { current: Buffer; currentId: string; byId: Map<string, Buffer> };

export function loadKeyring(opts: { env?: Record<string, string | undefined>; current?: Buffer } = {}): TKeyring {
  const env = opts.env ?? process.env;
  const current = opts.current ?? processKek();
  const byId = new Map<string, Buffer>([[kekId({ kek: current }), current]]);
  for (const value of (env.MARSHAL_SECRETS_KEK_PREVIOUS ?? "").split(",").map((v) => v.trim()).filter(Boolean)) {
    const kek = parseKek({ value });
    byId.set(kekId({ kek }), kek);
  }
  return { current, currentId: kekId({ kek: current }), byId };
}

let cached: TKeyring | undefined;
/** The process keyring (read once). Tests pass their own keyring to the functions instead. */
export function processKeyring(): TKeyring {
  cached ??= loadKeyring();
  return cached;
}

export function ciphertextKekId(opts: { ciphertext: string }): string {
  return opts.ciphertext.split(".")[1] ?? "";
}

export function sealSecretValue(opts: { keyring: TKeyring; plaintext: string; aad: string }): { ciphertext: string; kekId: string } {
  return { ciphertext: encryptSecret({ plaintext: opts.plaintext, kek: opts.keyring.current, aad: opts.aad }), kekId: opts.keyring.currentId };
}

export function openSecretValue(opts: { keyring: TKeyring; ciphertext: string; aad: string }): string {
  const id = ciphertextKekId({ ciphertext: opts.ciphertext });
  const kek = opts.keyring.byId.get(id);
  if (!kek) throw new AppError("INTERNAL", `secret is wrapped with KEK ${id}, which this server does not hold; set MARSHAL_SECRETS_KEK_PREVIOUS to it`);
  const bytes = decryptSecret({ ciphertext: opts.ciphertext, kek, aad: opts.aad });
  try {
    return bytes.toString("utf8");
  } finally {
    bytes.fill(0);
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Re-wraps the DEK of one ciphertext (format `mse1.<kekId>.<iv_dek>.<wrapped_dek+tag>.<iv>.<ciphertext+tag>`,
 * the DEK sealed with AES-256-GCM under the KEK with associated data `dek:<aad>`) under the keyring's current KEK.
 * The sealed secret stays byte-identical; the DEK never leaves this function.
 */
export function rewrapCiphertext(opts: { keyring: TKeyring; ciphertext: string; aad: string }): string {
  const parts = opts.ciphertext.split(".");
  if (parts.length !== 6 || parts[0] !== "mse1") throw new AppError("INTERNAL", "encrypted secret has an unknown format");
  const [version, id, dekIv, dekBody, iv, body] = parts as [string, string, string, string, string, string];
  if (id === opts.keyring.currentId) return opts.ciphertext;
  const oldKek = opts.keyring.byId.get(id);
  if (!oldKek) throw new AppError("INTERNAL", `secret is wrapped with KEK ${id}, which this server does not hold`);
  const wrapped = Buffer.from(dekBody, "base64url");
  const ivBytes = Buffer.from(dekIv, "base64url");
  if (ivBytes.length !== IV_BYTES || wrapped.length < TAG_BYTES) throw new AppError("INTERNAL", "encrypted secret is malformed");
  const aad = Buffer.from(`dek:${opts.aad}`, "utf8");
  const decipher = createDecipheriv("aes-256-gcm", oldKek, ivBytes);
  decipher.setAAD(aad);
  decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
  let dek: Buffer;
  try {
    dek = Buffer.concat([decipher.update(wrapped.subarray(0, wrapped.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new AppError("INTERNAL", "encrypted secret failed authentication while re-wrapping (wrong KEK, or the ciphertext was altered or moved)");
  }
  try {
    const newIv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", opts.keyring.current, newIv);
    cipher.setAAD(aad);
    const newWrapped = Buffer.concat([cipher.update(dek), cipher.final(), cipher.getAuthTag()]);
    return [version, opts.keyring.currentId, newIv.toString("base64url"), newWrapped.toString("base64url"), iv, body].join(".");
  } finally {
    dek.fill(0);
  }
}
