/**
 * Sink secrets on the one secrets mechanism (envelope encryption + keyring): what is stored, that delivery reads it,
 * that a ciphertext moved to another sink does not open, that rows in the first format keep working and are
 * re-sealed, and that a KEK rotation re-wraps them.
 */
import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { replaceSinkSecretCiphertext } from "@/server/db/event-sinks";
import { loadKeyring, processKeyring } from "@/server/modules/secrets/secret-keyring";
import { processKek } from "@/server/modules/secrets/envelope-encryption";
import { createTestTenant } from "@/test/support/tenants";
import { rootDb } from "@/server/db/client";
import { sinkTarget } from "./deliver-sink-batch";
import { createEventSink, updateEventSink } from "./manage-event-sinks";
import { openSinkSecret, upgradeSinkSecrets } from "./sink-secret";

/** The pre-envelope format, written the way the first sink-secret.ts wrote it (fixture for the migration path). */
function legacyCiphertext(plain: string): string {
  const material = process.env.MARSHAL_SECRETS_KEK || process.env.AUTH_SECRET!;
  const key = Buffer.from(hkdfSync("sha256", material, "marshal", "marshal/event-sink-secret", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

async function storedSink(id: string) {
  const row = await rootDb().eventSink.findUniqueOrThrow({ where: { id } });
  return { ...row, config: row.config as Record<string, unknown>, cursor: null };
}

describe("sink secrets", () => {
  it("are envelope-encrypted under the process KEK, bound to their sink, and read back for delivery", async () => {
    const { scope } = await createTestTenant("SinkSecretA");
    const secret = "whsec-signing-secret-0123456789";
    const a = await createEventSink({ scope, input: { name: "a", format: "ocsf", transport: "webhook", config: { url: "http://127.0.0.1:9/a" }, secret } });
    const b = await createEventSink({ scope, input: { name: "b", format: "ocsf", transport: "webhook", config: { url: "http://127.0.0.1:9/b" }, secret: "another-secret-abcdefghijk" } });
    const rowA = await storedSink(a.id);
    expect(rowA.secretCiphertext).toMatch(new RegExp(`^mse1\\.${processKeyring().currentId}\\.`));
    expect(rowA.secretCiphertext).not.toContain(secret);
    expect(sinkTarget(rowA).secret).toBe(secret);

    // A ciphertext copied onto another sink's row does not open there.
    const rowB = await storedSink(b.id);
    await replaceSinkSecretCiphertext({ sinkId: b.id, from: rowB.secretCiphertext!, to: rowA.secretCiphertext! });
    expect(() => sinkTarget({ ...rowB, secretCiphertext: rowA.secretCiphertext })).toThrow(/failed authentication/);

    // Rotating the secret re-seals it.
    await updateEventSink({ scope, input: { id: a.id, secret: "rotated-secret-0123456789abc" } });
    const rotated = await storedSink(a.id);
    expect(rotated.secretCiphertext).not.toBe(rowA.secretCiphertext);
    expect(sinkTarget(rotated).secret).toBe("rotated-secret-0123456789abc");
  });

  it("rows in the first format keep working and are re-sealed once by upgradeSinkSecrets", async () => {
    const { scope, tenant } = await createTestTenant("SinkSecretLegacy");
    const sink = await createEventSink({ scope, input: { name: "hec", format: "ecs", transport: "splunk_hec", config: { url: "http://127.0.0.1:9/services/collector" }, secret: "placeholder-token-000000" } });
    const current = (await storedSink(sink.id)).secretCiphertext!;
    const legacy = legacyCiphertext("11111111-2222-3333-4444-555555555555");
    expect(await replaceSinkSecretCiphertext({ sinkId: sink.id, from: current, to: legacy })).toBe(true);

    expect(sinkTarget(await storedSink(sink.id)).secret).toBe("11111111-2222-3333-4444-555555555555");
    expect(await upgradeSinkSecrets({ tenantId: tenant.id })).toEqual({ resealed: 1, rewrapped: 0, current: 0, failed: [] });
    const upgraded = (await storedSink(sink.id)).secretCiphertext!;
    expect(upgraded).toMatch(/^mse1\./);
    expect(openSinkSecret({ tenantId: tenant.id, sinkId: sink.id, ciphertext: upgraded })).toBe("11111111-2222-3333-4444-555555555555");
    expect(await upgradeSinkSecrets({ tenantId: tenant.id })).toEqual({ resealed: 0, rewrapped: 0, current: 1, failed: [] });
  });

  it("a KEK rotation re-wraps sink secrets; the old KEK alone no longer opens them", async () => {
    const { scope, tenant } = await createTestTenant("SinkSecretRotate");
    const sink = await createEventSink({ scope, input: { name: "w", format: "cef", transport: "webhook", config: { url: "http://127.0.0.1:9/w" }, secret: "rotation-secret-0123456789" } });
    const oldKek = processKek();
    const rotatedKeyring = loadKeyring({ current: randomBytes(32), env: { MARSHAL_SECRETS_KEK_PREVIOUS: oldKek.toString("base64url") } });
    expect(await upgradeSinkSecrets({ tenantId: tenant.id, keyring: rotatedKeyring })).toEqual({ resealed: 0, rewrapped: 1, current: 0, failed: [] });
    const rewrapped = (await storedSink(sink.id)).secretCiphertext!;
    expect(rewrapped.split(".")[1]).toBe(rotatedKeyring.currentId);
    expect(openSinkSecret({ tenantId: tenant.id, sinkId: sink.id, ciphertext: rewrapped, keyring: rotatedKeyring })).toBe("rotation-secret-0123456789");
    expect(() => openSinkSecret({ tenantId: tenant.id, sinkId: sink.id, ciphertext: rewrapped, keyring: loadKeyring({ current: oldKek, env: {} }) })).toThrow(/does not hold/);
  });
});
