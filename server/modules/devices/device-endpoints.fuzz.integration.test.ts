/**
 * Fuzzing the device endpoints (enroll, check-in, events, unenroll) through their route handlers with random
 * bodies, random encodings and random headers, valid signatures included, in a bounded seeded loop.
 * Invariants: never a 5xx; a refused request writes nothing (the device's installations always equal the last
 * accepted inventory, the device keeps its key, the token never exceeds maxUses).
 */
import { describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { createDeviceClient, signDeviceJwt } from "@/agent-enroller/src/index";
import type { TInstallation } from "@/server/contracts/inventory";
import { createTestTenant } from "@/test/support/tenants";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import { deviceApiFetch } from "./test-support/device-api-fetch";

const SERVER = "http://127.0.0.1:3999";
const ITERATIONS = 400;

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("device endpoints under fuzzing", () => {
  it("never answer 5xx and never half-write", async () => {
    const rand = prng(20261122);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const int = (n: number) => Math.floor(rand() * n);
    const randomAscii = (n: number) => Array.from({ length: n }, () => String.fromCharCode(33 + int(94))).join("");
    const randomString = (n: number) => Array.from({ length: n }, () => String.fromCharCode(int(0x2fff) + 1)).join("");
    const randomJson = (depth = 0): unknown => {
      switch (int(depth > 3 ? 5 : 8)) {
        case 0: return null;
        case 1: return rand() < 0.5;
        case 2: return rand() * 1e12 - 5e11;
        case 3: return randomString(int(40));
        case 4: return int(3) === 0 ? "\u0000" : "";
        case 5: return Array.from({ length: int(5) }, () => randomJson(depth + 1));
        default: return Object.fromEntries(Array.from({ length: int(6) }, () => [pick(["token", "inventory", "installations", "events", "publicKey", "x", "__proto__", "constructor", randomString(5)]), randomJson(depth + 1)]));
      }
    };

    const { scope } = await createTestTenant("Fuzz");
    const { token, id: tokenId } = await createEnrollmentToken({ scope, publicUrl: SERVER, input: { name: "fuzz", maxUses: 3, expiresInHours: 1, ring: "dev" } });
    const client = createDeviceClient({ serverUrl: SERVER, fetch: deviceApiFetch });
    const { deviceId } = await client.enroll({ token, machine: { machineId: "fuzz-machine", hostname: "fuzz", os: "linux", osVersion: "1", arch: "x64", username: "f" } });
    const publicKey = (await scope.db.device.findUniqueOrThrow({ where: { id: deviceId } })).publicKey;

    const baseInstallation: TInstallation = {
      productSlug: "claude-code", displayName: "Claude Code", version: "1.0.0", installPath: "/opt/claude", entryFile: null, sha256: null,
      installMethod: "npm-global", running: false, pids: [], mcpServers: [], configPaths: [],
    };
    let accepted: TInstallation[] = [];
    const mutate = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.length && rand() < 0.5 ? value.map((v) => (rand() < 0.3 ? mutate(v) : v)) : [...value, randomJson()];
      if (value && typeof value === "object") {
        const o = { ...(value as Record<string, unknown>) };
        const keys = Object.keys(o);
        const k = pick(keys.length ? keys : ["x"]);
        const r = int(4);
        if (r === 0) delete o[k];
        else if (r === 1) o[k] = randomJson();
        else if (r === 2) o[k] = mutate(o[k]);
        else o[randomString(4)] = randomJson();
        return o;
      }
      return randomJson();
    };

    const statuses = new Map<number, number>();
    for (let i = 0; i < ITERATIONS; i++) {
      const endpoint = pick(["enroll", "checkin", "checkin", "events", "unenroll"] as const);
      const path = `/api/device/v1/${endpoint}`;
      const validInventory = { scannedAt: new Date().toISOString(), processesScanned: 3, installations: rand() < 0.5 ? [baseInstallation] : [{ ...baseInstallation, version: `1.${int(5)}.0` }] };
      let payload: unknown;
      switch (endpoint) {
        case "enroll": payload = { token: rand() < 0.3 ? token : randomString(20), publicKey: "A".repeat(43), machineId: `fz-${int(1000)}`, hostname: "h", os: "linux", osVersion: "", arch: "x", username: "", enrollerVersion: "1" }; break;
        case "checkin": payload = { enrollerVersion: "0.1.0", inventory: validInventory }; break;
        case "events": payload = { events: [{ key: crypto.randomUUID(), time: new Date().toISOString(), type: "agent.tool_call" }] }; break;
        default: payload = undefined;
      }
      const mode = int(6);
      let bytes: Uint8Array | null;
      if (mode === 0) bytes = Uint8Array.from({ length: int(300) }, () => int(256));
      else if (mode === 1) bytes = Buffer.from(JSON.stringify(randomJson()) ?? "null");
      else if (mode === 2 && payload !== undefined) bytes = Buffer.from(JSON.stringify(mutate(payload)));
      else bytes = payload === undefined ? null : Buffer.from(JSON.stringify(payload));
      const headers: Record<string, string> = {};
      if (bytes && rand() < 0.25) {
        headers["content-encoding"] = pick(["gzip", "br", "identity", "GZIP"]);
        if (headers["content-encoding"].toLowerCase() === "gzip" && rand() < 0.7) bytes = gzipSync(bytes);
      }
      const auth = int(6);
      if (auth < 3 && endpoint !== "enroll") {
        const jwt = signDeviceJwt({ deviceId, privateKey: client.privateKey!, method: "POST", path: auth === 2 ? pick(["/x", "/api/device/v1/events"]) : path, body: bytes, now: auth === 1 ? Math.floor(Date.now() / 1000) - int(400) : undefined });
        headers.authorization = `Device ${jwt}`;
      } else if (auth === 3) headers.authorization = pick(["Device", "Device a.b.c", "Bearer x", `Device ${randomAscii(60)}`, "Device eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."]);
      if (rand() < 0.1) headers["content-length"] = pick(["-1", "abc", "99999999999"]);

      // Unenrolling for real would end the experiment early; keep the device enrolled.
      if (endpoint === "unenroll" && headers.authorization?.startsWith("Device ") && auth < 2) headers.authorization = "Device x.y.z";

      const res = await deviceApiFetch(`${SERVER}${path}`, { method: "POST", headers, body: (bytes ?? undefined) as BodyInit | undefined });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `iteration ${i}: ${endpoint} answered ${res.status}`).toBeLessThan(500);
      const body = (await res.json()) as { error?: { code: string; message: string } };
      if (res.status >= 400) expect(body.error?.message.length).toBeGreaterThan(0);
      if (endpoint === "checkin" && res.status === 200) accepted = (JSON.parse(Buffer.from(headers["content-encoding"]?.toLowerCase() === "gzip" ? (await import("node:zlib")).gunzipSync(bytes!) : bytes!).toString()) as { inventory: { installations: TInstallation[] } }).inventory.installations;
    }

    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    const device = await scope.db.device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(device.publicKey).toBe(publicKey);
    expect(device.status).toBe("active");
    const rows = await scope.db.installation.findMany({ where: { deviceId } });
    expect(rows.map((r) => [r.productSlug, r.installPath, r.version])).toEqual(accepted.map((a) => [a.productSlug, a.installPath, a.version]));
    const tok = await scope.db.enrollmentToken.findFirstOrThrow({ where: { id: tokenId } });
    expect(tok.uses).toBeLessThanOrEqual(tok.maxUses);
    expect(await scope.db.device.count({ where: {} })).toBe(tok.uses);
  }, 180_000);
});
