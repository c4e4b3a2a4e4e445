import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as secretsRoute } from "@/app/api/device/v1/secrets/route";
import { addMember, callerAs, createTestTenant } from "@/test/support/tenants";
import { addDevice, addIdentity, addPerson } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { createRevocation } from "@/server/modules/revocations/create-revocation";
import { signedDeviceCall } from "@/server/modules/finops/test-support/device-request";
import { createTenantSecret } from "./create-tenant-secret";
import { issueDeviceSecret } from "./issue-device-secret";
import { rewrapTenantSecrets } from "./rewrap-tenant-secrets";
import { loadKeyring } from "./secret-keyring";

const REAL_KEY = "sk-ant-api03-REAL-TENANT-KEY-abcdef0123456789";
const PATH = "/api/device/v1/secrets";

async function world() {
  const t = await createTestTenant("Secrets");
  const ann = await addPerson({ scope: t.scope, name: "Ann" });
  const laptop = await addDevice({ scope: t.scope, ownerPersonId: ann.id });
  const other = await addDevice({ scope: t.scope, ownerPersonId: ann.id });
  const claude = await addIdentity({ scope: t.scope, deviceId: laptop.id, personId: ann.id, productSlug: "claude-code" });
  return { ...t, ann, laptop, other, claude };
}

describe("tenant secrets (console API)", () => {
  it("stores the key encrypted, returns only metadata, and never shows the value again", async () => {
    const w = await world();
    const owner = callerAs(w.owner);
    const created = await owner.secrets.create({ tenantSlug: w.tenant.slug, name: "Anthropic prod", provider: "anthropic", value: REAL_KEY });
    expect(created).toMatchObject({ name: "Anthropic prod", provider: "anthropic", headerName: "x-api-key", hint: "…6789", version: 1, status: "active" });
    expect(JSON.stringify(created)).not.toContain(REAL_KEY);
    const listed = await owner.secrets.list({ tenantSlug: w.tenant.slug });
    expect(JSON.stringify(listed)).not.toContain(REAL_KEY);
    const row = await w.scope.db.tenantSecret.findFirstOrThrow({ where: { id: created.id } });
    expect(row.valueEnc).not.toContain(REAL_KEY);
    expect(row.valueEnc.startsWith("mse1.")).toBe(true);
    const audit = await w.scope.db.auditEntry.findMany({ where: { action: "secret.created" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(REAL_KEY);
  });

  it("refuses bad input and a second active key for the same provider, writing nothing", async () => {
    const w = await world();
    const owner = callerAs(w.owner);
    await expect(owner.secrets.create({ tenantSlug: w.tenant.slug, name: "short", provider: "openai", value: "abc" })).rejects.toThrow(/too short/);
    await expect(owner.secrets.create({ tenantSlug: w.tenant.slug, name: "nl", provider: "openai", value: "sk-abc\ndef-12345" })).rejects.toThrow(/printable ASCII/);
    await expect(owner.secrets.create({ tenantSlug: w.tenant.slug, name: "c", provider: "custom", value: "token-123456789" })).rejects.toThrow(/header name/);
    expect(await w.scope.db.tenantSecret.count()).toBe(0);
    await owner.secrets.create({ tenantSlug: w.tenant.slug, name: "OpenAI", provider: "openai", value: "sk-proj-1234567890" });
    await expect(owner.secrets.create({ tenantSlug: w.tenant.slug, name: "OpenAI 2", provider: "openai", value: "sk-proj-0987654321" })).rejects.toThrow(/already the active openai key/);
    expect(await w.scope.db.tenantSecret.count()).toBe(1);
  });

  it("keeps tenants apart and auditors read-only", async () => {
    const a = await world();
    const b = await world();
    const bSecret = await callerAs(b.owner).secrets.create({ tenantSlug: b.tenant.slug, name: "B key", provider: "anthropic", value: REAL_KEY });
    const aOwner = callerAs(a.owner);
    await expect(aOwner.secrets.list({ tenantSlug: b.tenant.slug })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(aOwner.secrets.revoke({ tenantSlug: a.tenant.slug, id: bSecret.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(aOwner.secrets.rotate({ tenantSlug: a.tenant.slug, id: bSecret.id, value: "sk-ant-new-value-0000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const auditor = await addMember({ tenantId: a.tenant.id, role: "auditor" });
    await expect(callerAs(auditor).secrets.create({ tenantSlug: a.tenant.slug, name: "x", provider: "anthropic", value: REAL_KEY })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await callerAs(auditor).secrets.list({ tenantSlug: a.tenant.slug })).toEqual([]);
    // B's device cannot fetch A's key: a device only ever sees its own tenant
    await callerAs(a.owner).secrets.create({ tenantSlug: a.tenant.slug, name: "A key", provider: "openai", value: "sk-proj-A-only-123456" });
    const res = await signedDeviceCall({ handler: secretsRoute, path: PATH, device: b.laptop, body: { identityId: a.claude.id, provider: "openai" } });
    expect(res.status).toBe(404);
  });
});

describe("POST /api/device/v1/secrets", () => {
  it("gives an active identity on this device the key, no-store, and refuses other devices and revoked identities", async () => {
    const w = await world();
    const owner = callerAs(w.owner);
    const s = await owner.secrets.create({ tenantSlug: w.tenant.slug, name: "Anthropic", provider: "anthropic", value: REAL_KEY });
    const ok = await signedDeviceCall({ handler: secretsRoute, path: PATH, device: w.laptop, body: { identityId: w.claude.id, provider: "anthropic" } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ secretId: s.id, version: 1, headerName: "x-api-key", value: REAL_KEY, ttlSec: 300 });
    expect(ok.headers.get("cache-control")).toBe("no-store");

    const wrongDevice = await signedDeviceCall({ handler: secretsRoute, path: PATH, device: w.other, body: { identityId: w.claude.id, provider: "anthropic" } });
    expect(wrongDevice.status).toBe(404);
    const noKey = await signedDeviceCall({ handler: secretsRoute, path: PATH, device: w.laptop, body: { identityId: w.claude.id, provider: "gemini" } });
    expect(noKey.status).toBe(404);
    expect(noKey.json.error.message).toMatch(/no active gemini key/);
    const bad = await signedDeviceCall({ handler: secretsRoute, path: PATH, device: w.laptop, body: { identityId: w.claude.id, provider: "mistral" } });
    expect(bad.status).toBe(400);

    await createRevocation({ scope: w.scope, target: { type: "identity", id: w.claude.id }, reason: "test stop", trigger: "manual" });
    const revoked = await signedDeviceCall({ handler: secretsRoute, path: PATH, device: w.laptop, body: { identityId: w.claude.id, provider: "anthropic" } });
    expect(revoked.status).toBe(403);
    expect(JSON.stringify(revoked.json)).not.toContain(REAL_KEY);
  });

  it("serves the rotated value after a rotation and nothing after a revocation", async () => {
    const w = await world();
    const owner = callerAs(w.owner);
    const s = await owner.secrets.create({ tenantSlug: w.tenant.slug, name: "OpenAI", provider: "openai", value: "sk-proj-first-value-1" });
    const first = await signedDeviceCall({ handler: secretsRoute, path: PATH, device: w.laptop, body: { identityId: w.claude.id, provider: "openai" } });
    expect(first.json).toMatchObject({ headerName: "authorization", value: "Bearer sk-proj-first-value-1", version: 1 });
    const rotated = await owner.secrets.rotate({ tenantSlug: w.tenant.slug, id: s.id, value: "sk-proj-second-value-2" });
    expect(rotated).toMatchObject({ version: 2, hint: "…ue-2" });
    const second = await signedDeviceCall({ handler: secretsRoute, path: PATH, device: w.laptop, body: { identityId: w.claude.id, provider: "openai" } });
    expect(second.json).toMatchObject({ value: "Bearer sk-proj-second-value-2", version: 2 });
    await owner.secrets.revoke({ tenantSlug: w.tenant.slug, id: s.id });
    const gone = await signedDeviceCall({ handler: secretsRoute, path: PATH, device: w.laptop, body: { identityId: w.claude.id, provider: "openai" } });
    expect(gone.status).toBe(404);
    const row = await w.scope.db.tenantSecret.findFirstOrThrow({ where: { id: s.id } });
    expect(row.valueEnc).toBe("");
    await expect(owner.secrets.rotate({ tenantSlug: w.tenant.slug, id: s.id, value: "sk-proj-third-value-3" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("rotates the KEK without downtime: old and new KEK both read during the switch, re-wrap moves every secret", async () => {
    const w = await world();
    const oldKek = randomBytes(32);
    const newKek = randomBytes(32);
    const before = loadKeyring({ env: {}, current: oldKek });
    await createTenantSecret({ scope: w.scope, keyring: before, input: { name: "Anthropic", provider: "anthropic", value: REAL_KEY } });
    const during = loadKeyring({ env: { MARSHAL_SECRETS_KEK_PREVIOUS: oldKek.toString("base64url") }, current: newKek });
    const after = loadKeyring({ env: {}, current: newKek });
    const read = (keyring: typeof before) => issueDeviceSecret({ scope: w.scope, deviceId: w.laptop.id, identityId: w.claude.id, provider: "anthropic", keyring });

    expect((await read(during)).value).toBe(REAL_KEY);
    await expect(read(after)).rejects.toThrow(/does not hold/);
    const before1 = await w.scope.db.tenantSecret.findFirstOrThrow({ where: { provider: "anthropic" } });
    const result = await rewrapTenantSecrets({ scope: w.scope, keyring: during });
    expect(result).toMatchObject({ rewrapped: 1, alreadyCurrent: 0, kekId: during.currentId });
    const after1 = await w.scope.db.tenantSecret.findFirstOrThrow({ where: { provider: "anthropic" } });
    expect(after1.kekId).toBe(after.currentId);
    // only the wrapped DEK changed: the sealed secret (last two parts) is byte-identical
    expect(after1.valueEnc.split(".").slice(4)).toEqual(before1.valueEnc.split(".").slice(4));
    expect((await read(after)).value).toBe(REAL_KEY);
    expect(await rewrapTenantSecrets({ scope: w.scope, keyring: after })).toMatchObject({ rewrapped: 0, alreadyCurrent: 1 });
  });
});
