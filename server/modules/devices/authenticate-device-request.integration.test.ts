import { describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { exportPublicKeyBase64url, generateDeviceKeyPair, signDeviceJwt } from "@/agent-enroller/src/index";
import { AppError } from "@/server/errors";
import { createTestTenant, uniqueSuffix } from "@/test/support/tenants";
import { authenticateDeviceRequest } from "./authenticate-device-request";
import { handleDeviceRequest } from "@/server/http/device-route";
import { ZEventsRequest } from "@/server/contracts/device";

const PATH = "/api/device/v1/checkin";

async function enrolledDevice() {
  const { tenant, scope } = await createTestTenant("Auth");
  const { privateKey } = generateDeviceKeyPair();
  const device = await scope.db.device.create({
    data: {
      machineId: `m-${uniqueSuffix()}`,
      hostname: "laptop-1",
      os: "linux",
      osVersion: "6.1",
      arch: "x64",
      username: "ann",
      enrollerVersion: "0.1.0",
      ring: "staging",
      publicKey: exportPublicKeyBase64url({ key: privateKey }),
    } as never,
  });
  return { tenant, scope, device, privateKey };
}

function signedRequest(options: { deviceId: string; privateKey: ReturnType<typeof generateDeviceKeyPair>["privateKey"]; body?: Uint8Array; method?: string; path?: string; signPath?: string; signMethod?: string; now?: number; headers?: Record<string, string> }) {
  const method = options.method ?? "POST";
  const jwt = signDeviceJwt({ deviceId: options.deviceId, privateKey: options.privateKey, method: options.signMethod ?? method, path: options.signPath ?? options.path ?? PATH, body: options.body ?? null, now: options.now });
  const request = new Request(`http://127.0.0.1${options.path ?? PATH}`, {
    method,
    headers: { authorization: `Device ${jwt}`, ...(options.headers ?? {}) },
    body: method === "GET" ? undefined : (options.body as BodyInit | undefined),
  });
  return { request, jwt };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("UNAUTHORIZED");
    return (err as AppError).message;
  }
  throw new Error("expected the request to be refused");
}

describe("authenticateDeviceRequest", () => {
  it("accepts a request signed by the device key and names the device and its tenant", async () => {
    const { tenant, device, privateKey } = await enrolledDevice();
    const body = new TextEncoder().encode(JSON.stringify({ hello: "world" }));
    const { request } = signedRequest({ deviceId: device.id, privateKey, body });
    const auth = await authenticateDeviceRequest({ request, rawBody: body });
    expect(auth.device).toMatchObject({ id: device.id, tenantId: tenant.id, ring: "staging", hostname: "laptop-1", ownerPersonId: null });
    expect(auth.scope.tenantId).toBe(tenant.id);
    expect(auth.scope.tenantSlug).toBe(tenant.slug);
    expect(auth.scope.actor).toMatchObject({ type: "device", id: device.id });
    // The scoped db sees this tenant's device.
    expect(await auth.scope.db.device.count({ where: { id: device.id } })).toBe(1);
  });

  it("refuses a replayed request (same jti twice)", async () => {
    const { device, privateKey } = await enrolledDevice();
    const { jwt } = signedRequest({ deviceId: device.id, privateKey });
    const make = () => new Request(`http://127.0.0.1${PATH}`, { method: "POST", headers: { authorization: `Device ${jwt}` } });
    await authenticateDeviceRequest({ request: make(), rawBody: new Uint8Array() });
    expect(await refusal(authenticateDeviceRequest({ request: make(), rawBody: new Uint8Array() }))).toMatch(/replayed/);
  });

  it("refuses a token signed by another device's key", async () => {
    const { device } = await enrolledDevice();
    const other = generateDeviceKeyPair().privateKey;
    const { request } = signedRequest({ deviceId: device.id, privateKey: other });
    expect(await refusal(authenticateDeviceRequest({ request, rawBody: new Uint8Array() }))).toMatch(/signature does not match/);
  });

  it("refuses a token made for another path or method", async () => {
    const { device, privateKey } = await enrolledDevice();
    const a = signedRequest({ deviceId: device.id, privateKey, signPath: "/api/device/v1/events" });
    expect(await refusal(authenticateDeviceRequest({ request: a.request, rawBody: new Uint8Array() }))).toMatch(/made for \/api\/device\/v1\/events/);
    const b = signedRequest({ deviceId: device.id, privateKey, method: "GET", signMethod: "POST" });
    expect(await refusal(authenticateDeviceRequest({ request: b.request, rawBody: new Uint8Array() }))).toMatch(/made for POST/);
  });

  it("refuses an expired token and one issued in the future", async () => {
    const { device, privateKey } = await enrolledDevice();
    const now = Math.floor(Date.now() / 1000);
    const old = signedRequest({ deviceId: device.id, privateKey, now: now - 600 });
    expect(await refusal(authenticateDeviceRequest({ request: old.request, rawBody: new Uint8Array() }))).toMatch(/expired/);
    const future = signedRequest({ deviceId: device.id, privateKey, now: now + 600 });
    expect(await refusal(authenticateDeviceRequest({ request: future.request, rawBody: new Uint8Array() }))).toMatch(/future/);
  });

  it("refuses a body that differs from the signed body hash", async () => {
    const { device, privateKey } = await enrolledDevice();
    const body = new TextEncoder().encode('{"a":1}');
    const { request } = signedRequest({ deviceId: device.id, privateKey, body });
    expect(await refusal(authenticateDeviceRequest({ request, rawBody: new TextEncoder().encode('{"a":2}') }))).toMatch(/body hash/);
  });

  it("refuses an unknown device, an unenrolled device, and malformed headers", async () => {
    const { scope, device, privateKey } = await enrolledDevice();
    const ghost = signedRequest({ deviceId: "does-not-exist", privateKey });
    expect(await refusal(authenticateDeviceRequest({ request: ghost.request, rawBody: new Uint8Array() }))).toMatch(/unknown device/);
    for (const value of [null, "Bearer abc", "Device", "Device a.b", "Device a.b.c", "Device !!.??.**"]) {
      const headers = value === null ? undefined : { authorization: value };
      const request = new Request(`http://127.0.0.1${PATH}`, { method: "POST", headers });
      await refusal(authenticateDeviceRequest({ request, rawBody: new Uint8Array() }));
    }
    await scope.db.device.update({ where: { id: device.id }, data: { publicKey: null, status: "unenrolled" } });
    const { request } = signedRequest({ deviceId: device.id, privateKey });
    expect(await refusal(authenticateDeviceRequest({ request, rawBody: new Uint8Array() }))).toMatch(/unenrolled/);
  });
});

describe("handleDeviceRequest", () => {
  const event = { key: "6f1c1f7e-3a43-4e4c-9a55-3f1f2b4c5d6e", time: new Date().toISOString(), type: "agent.started" };

  it("authenticates over the gzip bytes as sent and hands the validated body over", async () => {
    const { device, privateKey } = await enrolledDevice();
    const body = gzipSync(Buffer.from(JSON.stringify({ events: [event] })));
    const { request } = signedRequest({ deviceId: device.id, privateKey, body, headers: { "content-encoding": "gzip", "content-type": "application/json" } });
    const res = await handleDeviceRequest({ request, schema: ZEventsRequest, handle: ({ body, auth }) => ({ n: body.events.length, device: auth.device.id }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ n: 1, device: device.id });
  });

  it("answers 400 with the issues for a body that breaks the contract, 401 for a bad signature, 413 when too big", async () => {
    const { device, privateKey } = await enrolledDevice();
    const bad = new TextEncoder().encode(JSON.stringify({ events: [{ ...event, key: "nope" }] }));
    const r1 = await handleDeviceRequest({ request: signedRequest({ deviceId: device.id, privateKey, body: bad }).request, schema: ZEventsRequest, handle: () => ({}) });
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { error: { message: string } }).error.message).toMatch(/events\.0\.key/);

    const notJson = new TextEncoder().encode("{nope");
    const r2 = await handleDeviceRequest({ request: signedRequest({ deviceId: device.id, privateKey, body: notJson }).request, schema: ZEventsRequest, handle: () => ({}) });
    expect(r2.status).toBe(400);

    const unsigned = new Request(`http://127.0.0.1${PATH}`, { method: "POST", body: '{"events":[]}' });
    const r3 = await handleDeviceRequest({ request: unsigned, schema: ZEventsRequest, handle: () => ({}) });
    expect(r3.status).toBe(401);
    expect(await r3.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });

    const big = new Uint8Array(2 * 1024 * 1024).fill(32);
    const r4 = await handleDeviceRequest({ request: signedRequest({ deviceId: device.id, privateKey, body: big }).request, schema: ZEventsRequest, handle: () => ({}) });
    expect(r4.status).toBe(413);

    // A gzip bomb: tiny on the wire, huge inflated.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 32));
    const r5 = await handleDeviceRequest({
      request: signedRequest({ deviceId: device.id, privateKey, body: bomb, headers: { "content-encoding": "gzip" } }).request,
      schema: ZEventsRequest,
      handle: () => ({}),
    });
    expect(r5.status).toBe(413);
  });
});
