import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { kekFile, loadKek, parseKek, resolveSecretsKek } from "./envelope-encryption";

describe("resolveSecretsKek (what npm start hands the console as MARSHAL_SECRETS_KEK)", () => {
  it("embedded database: generates one 0600 KEK in the data dir, the same one loadKek reads", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "kek-start-"));
    const first = resolveSecretsKek({ env: {}, dataDir, embedded: true });
    expect(resolveSecretsKek({ env: {}, dataDir, embedded: true })).toBe(first);
    expect(statSync(kekFile({ dataDir })).mode & 0o777).toBe(0o600);
    expect(parseKek({ value: first })).toHaveLength(32);
    // a process started without the variable (a tool, a test) reads the very same key
    expect(loadKek({ env: { MARSHAL_DATA_DIR: dataDir } }).equals(parseKek({ value: first }))).toBe(true);
  });

  it("DATABASE_URL without MARSHAL_SECRETS_KEK is refused with a clear error and writes nothing", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "kek-start-"));
    expect(() => resolveSecretsKek({ env: {}, dataDir, embedded: false })).toThrow(/MARSHAL_SECRETS_KEK is required when DATABASE_URL is set/);
    expect(() => statSync(kekFile({ dataDir }))).toThrow(/ENOENT/);
  });

  it("a given KEK wins (validated); a malformed one is refused", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "kek-start-"));
    const kek = randomBytes(32).toString("hex");
    expect(resolveSecretsKek({ env: { MARSHAL_SECRETS_KEK: kek }, dataDir, embedded: false })).toBe(kek);
    expect(resolveSecretsKek({ env: { MARSHAL_SECRETS_KEK: kek }, dataDir, embedded: true })).toBe(kek);
    expect(() => statSync(kekFile({ dataDir }))).toThrow(/ENOENT/);
    expect(() => resolveSecretsKek({ env: { MARSHAL_SECRETS_KEK: "short" }, dataDir, embedded: false })).toThrow(/32 bytes/);
  });
});
