import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, kekId, loadKek, parseKek } from "./envelope-encryption";

describe("envelope encryption", () => {
  const kek = randomBytes(32);

  it("round-trips, with a fresh data key and IV every time (same input, different ciphertext)", () => {
    const a = encryptSecret({ plaintext: "sk-ant-secret", kek, aad: "signing-key:t1:k1" });
    const b = encryptSecret({ plaintext: "sk-ant-secret", kek, aad: "signing-key:t1:k1" });
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk-ant-secret");
    expect(a.split(".")[1]).toBe(kekId({ kek }));
    expect(decryptSecret({ ciphertext: a, kek, aad: "signing-key:t1:k1" }).toString()).toBe("sk-ant-secret");
  });

  it("refuses another KEK, another row (AAD), and any altered byte", () => {
    const c = encryptSecret({ plaintext: "x", kek, aad: "row:1" });
    expect(() => decryptSecret({ ciphertext: c, kek: randomBytes(32), aad: "row:1" })).toThrow(/another KEK/);
    expect(() => decryptSecret({ ciphertext: c, kek, aad: "row:2" })).toThrow(/failed authentication/);
    const parts = c.split(".");
    const body = Buffer.from(parts[5]!, "base64url");
    body[0]! ^= 1;
    parts[5] = body.toString("base64url");
    expect(() => decryptSecret({ ciphertext: parts.join("."), kek, aad: "row:1" })).toThrow(/failed authentication/);
    expect(() => decryptSecret({ ciphertext: "garbage", kek, aad: "row:1" })).toThrow(/unknown format/);
  });

  it("reads the KEK as hex or base64, refuses the wrong length, and generates a 0600 one in the data folder when unset", () => {
    expect(parseKek({ value: kek.toString("hex") }).equals(kek)).toBe(true);
    expect(parseKek({ value: kek.toString("base64") }).equals(kek)).toBe(true);
    expect(parseKek({ value: kek.toString("base64url") }).equals(kek)).toBe(true);
    expect(() => parseKek({ value: "too-short" })).toThrow(/32 bytes/);
    const dir = mkdtempSync(path.join(os.tmpdir(), "kek-"));
    const first = loadKek({ env: { MARSHAL_DATA_DIR: dir } });
    const again = loadKek({ env: { MARSHAL_DATA_DIR: dir } });
    expect(first.equals(again)).toBe(true);
    expect(statSync(path.join(dir, "secrets-kek")).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, "secrets-kek"), "utf8")).not.toBe("");
    expect(loadKek({ env: { MARSHAL_SECRETS_KEK: kek.toString("hex"), MARSHAL_DATA_DIR: dir } }).equals(kek)).toBe(true);
  });
});
