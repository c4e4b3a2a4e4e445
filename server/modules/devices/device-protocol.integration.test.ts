import { describe, expect, it } from "vitest";
import { createDeviceClient, DeviceApiError, signDeviceJwt, type TMachineFacts } from "@/agent-enroller/src/index";
import type { TInstallation, TInventory } from "@/server/contracts/inventory";
import { createTestTenant, uniqueSuffix } from "@/test/support/tenants";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import { revokeEnrollmentToken } from "@/server/modules/enrollment/revoke-enrollment-token";
import { deviceApiFetch } from "./test-support/device-api-fetch";

const SERVER = "http://127.0.0.1:3999";

function machine(overrides: Partial<TMachineFacts> = {}): TMachineFacts {
  return { machineId: `machine-${uniqueSuffix()}`, hostname: "ann-laptop", os: "linux", osVersion: "6.1", arch: "x64", username: "ann", ...overrides };
}

function installation(overrides: Partial<TInstallation> = {}): TInstallation {
  return {
    productSlug: "claude-code",
    displayName: "Claude Code",
    version: "2.1.197",
    installPath: "/home/ann/.npm-global/lib/node_modules/@anthropic-ai/claude-code",
    entryFile: "/home/ann/.npm-global/lib/node_modules/@anthropic-ai/claude-code/cli.js",
    sha256: "a".repeat(64),
    installMethod: "npm-global",
    running: false,
    pids: [],
    mcpServers: [{ name: "github", transport: "http", url: "https://api.githubcopilot.com/mcp/", source: "/home/ann/.claude.json" }],
    configPaths: ["/home/ann/.claude"],
    ...overrides,
  };
}

function inventory(installations: TInstallation[]): TInventory {
  return { scannedAt: new Date().toISOString(), installations, processesScanned: 120 };
}

async function setup(opts: { maxUses?: number } = {}) {
  const t = await createTestTenant("Devices");
  const created = await createEnrollmentToken({ scope: t.scope, publicUrl: SERVER, input: { name: "Laptops", maxUses: opts.maxUses ?? 10, expiresInHours: 24, ring: "staging" } });
  return { ...t, token: created.token, tokenId: created.id, command: created.command };
}

async function apiError(p: Promise<unknown>): Promise<DeviceApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DeviceApiError);
    return err as DeviceApiError;
  }
  throw new Error("expected the server to refuse");
}

describe("device protocol (route handlers, enroller's DeviceClient)", () => {
  it("enrolls, reports inventory as a diff, and answers check-ins with interval and commands", async () => {
    const { scope, token, command, tokenId } = await setup();
    expect(command).toBe(`curl -fsSL ${SERVER}/enroll.sh | sh -s -- ${token}`);
    const client = createDeviceClient({ serverUrl: SERVER, fetch: deviceApiFetch });
    const m = machine();
    const enrolled = await client.enroll({ token, machine: m });
    expect(enrolled).toMatchObject({ tenantSlug: scope.tenantSlug, ring: "staging", checkinIntervalSec: 60 });

    const device = await scope.db.device.findUniqueOrThrow({ where: { id: enrolled.deviceId } });
    expect(device).toMatchObject({ hostname: "ann-laptop", ring: "staging", status: "active", machineId: m.machineId, enrollmentTokenId: tokenId });
    expect((await scope.db.enrollmentToken.findFirstOrThrow({ where: { id: tokenId } })).uses).toBe(1);
    expect(await scope.db.auditEntry.count({ where: { action: "device.enrolled", targetId: device.id } })).toBe(1);

    const claude = installation();
    const codex = installation({ productSlug: "codex-cli", displayName: "Codex CLI", version: "0.169.0", installPath: "/home/ann/.npm-global/lib/node_modules/@openai/codex", entryFile: null, sha256: "b".repeat(64), mcpServers: [] });
    const first = await client.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([claude, codex]) } });
    expect(first).toMatchObject({ checkinIntervalSec: 60, policyVersion: null, commands: [] });
    let rows = await scope.db.installation.findMany({ where: { deviceId: device.id }, orderBy: { productSlug: "asc" } });
    expect(rows.map((r) => [r.productSlug, r.version, r.sha256])).toEqual([["claude-code", "2.1.197", "a".repeat(64)], ["codex-cli", "0.169.0", "b".repeat(64)]]);
    expect(rows[0]!.mcpServers).toEqual(claude.mcpServers);
    const firstSeen = rows[0]!.firstSeenAt;

    // Unchanged inventory (other scan time, other order): no installation row is rewritten.
    await client.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([codex, claude]) } });
    const again = await scope.db.installation.findMany({ where: { deviceId: device.id }, orderBy: { productSlug: "asc" } });
    expect(again.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(again[0]!.lastSeenAt).toEqual(rows[0]!.lastSeenAt);

    // Claude upgraded and running, Codex removed.
    await client.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([{ ...claude, version: "2.2.0", sha256: "c".repeat(64), running: true, pids: [4242] }]) } });
    rows = await scope.db.installation.findMany({ where: { deviceId: device.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ productSlug: "claude-code", version: "2.2.0", sha256: "c".repeat(64), running: true, pids: [4242] });
    expect(rows[0]!.firstSeenAt).toEqual(firstSeen);

    // A pending command comes back with the next check-in.
    const cmd = await scope.db.deviceCommand.create({ data: { tenantId: scope.tenantId, deviceId: device.id, type: "rescan", payload: {} } });
    const withCommand = await client.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([{ ...claude, version: "2.2.0", sha256: "c".repeat(64), running: true, pids: [4242] }]) } });
    expect(withCommand.commands.map((c) => c.id)).toEqual([cmd.id]);
    const after = await scope.db.device.findUniqueOrThrow({ where: { id: device.id } });
    expect(after.lastCheckinAt).not.toBeNull();
  });

  it("re-enrolling the same machine keeps one device row and replaces the key", async () => {
    const { scope, token } = await setup();
    const m = machine();
    const first = createDeviceClient({ serverUrl: SERVER, fetch: deviceApiFetch });
    const a = await first.enroll({ token, machine: m });
    // A check-in with the first key, so this node has it cached when the machine enrolls again.
    await first.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([]) } });
    const second = createDeviceClient({ serverUrl: SERVER, fetch: deviceApiFetch });
    const b = await second.enroll({ token, machine: { ...m, hostname: "ann-laptop-renamed" } });
    expect(b.deviceId).toBe(a.deviceId);
    expect(await scope.db.device.count({ where: { machineId: m.machineId } })).toBe(1);
    expect((await scope.db.device.findUniqueOrThrow({ where: { id: a.deviceId } })).hostname).toBe("ann-laptop-renamed");
    // The old key no longer works; the new one does.
    const refused = await apiError(first.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([]) } }));
    expect(refused.status).toBe(401);
    expect(refused.message).toMatch(/enrolled again with a new key/);
    await second.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([]) } });
  });

  it("refuses unknown, revoked, expired and exhausted tokens with a clear 4xx and writes nothing", async () => {
    const { scope, token, tokenId } = await setup({ maxUses: 1 });
    const client = () => createDeviceClient({ serverUrl: SERVER, fetch: deviceApiFetch });
    const unknown = await apiError(client().enroll({ token: "met_not-a-real-token", machine: machine() }));
    expect(unknown.status).toBe(401);
    expect(unknown.message).toMatch(/unknown enrollment token/);

    await client().enroll({ token, machine: machine() });
    const exhausted = await apiError(client().enroll({ token, machine: machine() }));
    expect(exhausted.status).toBe(403);
    expect(exhausted.message).toMatch(/maximum number of times/);

    const other = await setup();
    await revokeEnrollmentToken({ scope: other.scope, id: other.tokenId });
    const revoked = await apiError(client().enroll({ token: other.token, machine: machine() }));
    expect(revoked.message).toMatch(/revoked/);

    const third = await setup();
    await third.scope.db.enrollmentToken.update({ where: { id: third.tokenId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await apiError(client().enroll({ token: third.token, machine: machine() }));
    expect(expired.message).toMatch(/expired/);

    expect(await scope.db.device.count({ where: {} })).toBe(1);
    expect(await other.scope.db.device.count({ where: {} })).toBe(0);
    expect(await third.scope.db.device.count({ where: {} })).toBe(0);
    expect((await scope.db.enrollmentToken.findFirstOrThrow({ where: { id: tokenId } })).uses).toBe(1);
  });

  it("never gives more enrollments than maxUses under concurrency", async () => {
    const { scope, token } = await setup({ maxUses: 3 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => createDeviceClient({ serverUrl: SERVER, fetch: deviceApiFetch }).enroll({ token, machine: machine() })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(await scope.db.device.count({ where: {} })).toBe(3);
  });

  it("refuses a malformed or oversized inventory and leaves the device as it was", async () => {
    const { scope, token } = await setup();
    const client = createDeviceClient({ serverUrl: SERVER, fetch: deviceApiFetch });
    const { deviceId } = await client.enroll({ token, machine: machine() });
    await client.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([installation()]) } });
    const before = await scope.db.installation.findMany({ where: { deviceId } });

    const dup = await apiError(client.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([installation({ version: "9" }), installation({ version: "9" })]) } }));
    expect(dup.status).toBe(400);
    expect(dup.message).toMatch(/same installation twice/);

    const tooMany = Array.from({ length: 501 }, (_, i) => installation({ installPath: `/opt/claude-${i}` }));
    const big = await apiError(client.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory(tooMany) } }));
    expect(big.status).toBe(400);

    const badSha = await apiError(client.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([installation({ sha256: "XYZ" })]) } }));
    expect(badSha.status).toBe(400);

    expect(await scope.db.installation.findMany({ where: { deviceId } })).toEqual(before);
  });

  it("refuses a replayed check-in, and every request after the device unenrolled itself", async () => {
    const { scope, token } = await setup();
    const client = createDeviceClient({ serverUrl: SERVER, fetch: deviceApiFetch });
    const { deviceId } = await client.enroll({ token, machine: machine() });
    const body = Buffer.from(JSON.stringify({ enrollerVersion: "0.1.0", inventory: inventory([]) }));
    const auth = `Device ${signDeviceJwt({ deviceId, privateKey: client.privateKey!, method: "POST", path: "/api/device/v1/checkin", body })}`;
    const send = () => deviceApiFetch(`${SERVER}/api/device/v1/checkin`, { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body });
    expect((await send()).status).toBe(200);
    const replay = await send();
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: "UNAUTHORIZED", message: expect.stringMatching(/replayed/) } });

    await client.unenroll();
    const d = await scope.db.device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(d).toMatchObject({ status: "unenrolled", publicKey: null });
    const after = await apiError(client.checkin({ request: { enrollerVersion: "0.1.0", inventory: inventory([]) } }));
    expect(after.status).toBe(401);
  });

  it("stores device events, and refuses bad ones by key", async () => {
    const { token } = await setup();
    const client = createDeviceClient({ serverUrl: SERVER, fetch: deviceApiFetch });
    await client.enroll({ token, machine: machine() });
    const good = { key: crypto.randomUUID(), time: new Date().toISOString(), type: "agent.session_start", outcome: "success" };
    const bad = { key: crypto.randomUUID(), time: new Date().toISOString(), type: "not-a-type" };
    const res = await client.sendEvents({ events: [good, bad] as never });
    expect(res.accepted).toEqual([good.key]);
    expect(res.rejected.map((r) => r.key)).toEqual([bad.key]);
  });
});
