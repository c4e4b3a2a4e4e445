/**
 * Envelope encryption for secrets at rest (signing keys, webhook secrets): each secret gets its own random
 * 256-bit data key (DEK); the secret is sealed with AES-256-GCM under the DEK, and the DEK is sealed with
 * AES-256-GCM under the key-encryption key (KEK) from `MARSHAL_SECRETS_KEK` (32 bytes, base64/base64url or hex).
 * The stored string is self-describing, so a KEK rotation can re-wrap DEKs without touching the secrets:
 *   `mse1.<kekId>.<iv_dek>.<wrapped_dek+tag>.<iv>.<ciphertext+tag>`   (every part base64url)
 * `kekId` is the first 8 hex characters of sha256(KEK): decrypting with another KEK fails with a clear error.
 * Associated data (e.g. "signing-key:<tenantId>:<kid>") binds a ciphertext to its row, so it cannot be moved.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "@/server/errors";

const VERSION = "mse1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses a 32-byte KEK given as hex (64 chars) or base64/base64url (43/44 chars). */
export function parseKek(opts: { value: string }): Buffer {
  const v = opts.value.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, "hex") : Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (bytes.length !== 32) throw new AppError("INTERNAL", "MARSHAL_SECRETS_KEK must be 32 bytes, given as 64 hex characters or base64");
  return bytes;
}

export function kekId(opts: { kek: Buffer }): string {
  return createHash("sha256").update(opts.kek).digest("hex").slice(0, 8);
}

function seal(key: Buffer, plaintext: Buffer, aad: string) {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, body };
}

function open(key: Buffer, iv: Buffer, body: Buffer, aad: string): Buffer {
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new AppError("INTERNAL", "encrypted secret is malformed");
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new AppError("INTERNAL", "encrypted secret failed authentication (wrong KEK, or the ciphertext was altered or moved)");
  }
}

export function encryptSecret(opts: { plaintext: string | Buffer; kek: Buffer; aad: string }): string {
  const dek = randomBytes(32);
  const wrapped = seal(opts.kek, dek, `dek:${opts.aad}`);
  const sealed = seal(dek, Buffer.isBuffer(opts.plaintext) ? opts.plaintext : Buffer.from(opts.plaintext, "utf8"), opts.aad);
  dek.fill(0);
  return [VERSION, kekId({ kek: opts.kek }), wrapped.iv, wrapped.body, sealed.iv, sealed.body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function decryptSecret(opts: { ciphertext: string; kek: Buffer; aad: string }): Buffer {
  const parts = opts.ciphertext.split(".");
  if (parts.length !== 6 || parts[0] !== VERSION) throw new AppError("INTERNAL", "encrypted secret has an unknown format");
  const [, id, dekIv, dekBody, iv, body] = parts as [string, string, string, string, string, string];
  if (id !== kekId({ kek: opts.kek })) {
    throw new AppError("INTERNAL", `secret was encrypted under another KEK (${id}); set MARSHAL_SECRETS_KEK to the key it was written with`);
  }
  const dek = open(opts.kek, Buffer.from(dekIv, "base64url"), Buffer.from(dekBody, "base64url"), `dek:${opts.aad}`);
  try {
    return open(dek, Buffer.from(iv, "base64url"), Buffer.from(body, "base64url"), opts.aad);
  } finally {
    dek.fill(0);
  }
}

/** Where the generated KEK of an embedded/demo install lives: `<data dir>/secrets-kek` (0600). */
export function kekFile(opts: { dataDir: string }): string {
  return path.join(path.resolve(opts.dataDir), "secrets-kek");
}

function readOrCreateKekFile(opts: { dataDir: string }): string {
  const file = kekFile(opts);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err; // another process wrote it first
    }
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * The value `MARSHAL_SECRETS_KEK` must have for a server process, decided once by whoever starts it
 * (scripts/start.ts), exactly like AUTH_SECRET: the variable when set (validated); else, with the embedded
 * database, the KEK generated once into the data folder (0600); with an external database (DATABASE_URL) it is
 * REQUIRED: a KEK generated on one console node would not decrypt what another node wrote.
 */
export function resolveSecretsKek(opts: { env: Record<string, string | undefined>; dataDir: string; embedded: boolean }): string {
  const given = opts.env.MARSHAL_SECRETS_KEK?.trim();
  if (given) {
    parseKek({ value: given });
    return given;
  }
  if (!opts.embedded) {
    throw new AppError(
      "BAD_REQUEST",
      "MARSHAL_SECRETS_KEK is required when DATABASE_URL is set: 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`), the same on every console node",
    );
  }
  const value = readOrCreateKekFile({ dataDir: opts.dataDir });
  parseKek({ value });
  return value;
}

/**
 * The process KEK: `MARSHAL_SECRETS_KEK` (scripts/start.ts always sets it, see resolveSecretsKek); without it
 * (tests, tools run directly) the same file resolveSecretsKek generates in the data folder (`MARSHAL_DATA_DIR`,
 * default ./.data). Production deployments set the variable (from their KMS / secret store): a KEK next to the
 * database it protects only guards against leaked dumps.
 */
export function loadKek(opts: { env?: Record<string, string | undefined> } = {}): Buffer {
  const env = opts.env ?? process.env;
  if (env.MARSHAL_SECRETS_KEK) return parseKek({ value: env.MARSHAL_SECRETS_KEK });
  return parseKek({ value: readOrCreateKekFile({ dataDir: env.MARSHAL_DATA_DIR ?? ".data" }) });
}

const globalKek = globalThis as unknown as { __marshalKek?: Buffer };

/** The KEK, read once per process. */
export function processKek(): Buffer {
  globalKek.__marshalKek ??= loadKek();
  return globalKek.__marshalKek;
}
