/**
 * Transport behaviour of the enroller against a tiny loopback fake of the device API (the real server is
 * tested end to end elsewhere): the fake validates every body with the shared contracts and verifies each
 * request's JWT with jose, as the server will.
 */
import { statSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { importJWK, jwtVerify } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import {
  ZCheckinRequest,
  ZCommandAckRequest,
  ZDeviceJwtClaims,
  ZEnrollRequest,
  ZEventsRequest,
  type TDeviceCommand,
  type TDeviceEvent,
} from "@/server/contracts/device";
import { checkinOnce } from "@/agent-enroller/src/commands/checkin-once";
import { enrollDevice } from "@/agent-enroller/src/commands/enroll-device";
import { loadEnrollmentContext } from "@/agent-enroller/src/commands/enrollment-context";
import { readStatus } from "@/agent-enroller/src/commands/read-status";
import { createScanContext } from "@/agent-enroller/src/discovery/scan-context";
import { runEnroller } from "@/agent-enroller/src/loop/run-enroller";
import { DeviceClient } from "@/agent-enroller/src/protocol/device-client";
import { stateFiles } from "@/agent-enroller/src/state/device-state";

type TAck = { id: string; status: string; detail?: unknown };

class FakeDeviceApi {
  server!: Server;
  url = "";
  devices = new Map<string, string>(); // deviceId -> publicKey
  tokens = new Set(["good-token"]);
  checkins: unknown[] = [];
  events: TDeviceEvent[] = [];
  acks: TAck[] = [];
  pending: TDeviceCommand[] = [];
  streams: ServerResponse[] = [];
  streamConnects = 0;
  down = false;
  seenJti = new Set<string>();

  async start(port = 0) {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e) => this.send(res, 500, { error: { code: "bug", message: String(e) } })));
    await new Promise<void>((r) => this.server.listen(port, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  async stop() {
    for (const s of this.streams) s.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
  send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }
  push(command: TDeviceCommand) {
    for (const s of this.streams) s.write(`data: ${JSON.stringify(command)}\n\n`);
  }
  async body(req: IncomingMessage): Promise<{ raw: Buffer; json: unknown }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const text = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString() : raw.toString();
    return { raw, json: text ? JSON.parse(text) : undefined };
  }
  async auth(req: IncomingMessage, raw: Buffer): Promise<string | null> {
    const h = req.headers.authorization ?? "";
    if (!h.startsWith("Device ")) return null;
    const jwt = h.slice(7);
    const kid = JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString()).kid as string;
    const pub = this.devices.get(kid);
    if (!pub) return null;
    const { payload } = await jwtVerify(jwt, await importJWK({ kty: "OKP", crv: "Ed25519", x: pub }, "EdDSA"), { algorithms: ["EdDSA"] });
    const claims = ZDeviceJwtClaims.parse(payload);
    const bh = raw.length ? createHash("sha256").update(raw).digest("base64url") : "";
    if (claims.sub !== kid || claims.htm !== req.method || claims.htu !== req.url!.split("?")[0] || claims.bh !== bh || this.seenJti.has(claims.jti)) return null;
    this.seenJti.add(claims.jti);
    return kid;
  }
  async handle(req: IncomingMessage, res: ServerResponse) {
    if (this.down) return void res.destroy();
    const { raw, json } = await this.body(req);
    const url = req.url!;
    if (url === "/api/device/v1/enroll") {
      const r = ZEnrollRequest.safeParse(json);
      if (!r.success) return this.send(res, 400, { error: { code: "bad_request", message: r.error.message } });
      if (!this.tokens.has(r.data.token)) return this.send(res, 401, { error: { code: "invalid_token", message: "unknown enrollment token" } });
      const deviceId = `dev_${r.data.machineId.slice(0, 8)}`;
      this.devices.set(deviceId, r.data.publicKey);
      return this.send(res, 200, { deviceId, tenantSlug: "acme", ring: "dev", checkinIntervalSec: 1, serverTime: new Date().toISOString() });
    }
    const deviceId = await this.auth(req, raw);
    if (!deviceId) return this.send(res, 401, { error: { code: "unauthorized", message: "bad device token" } });
    if (url === "/api/device/v1/checkin") {
      this.checkins.push(ZCheckinRequest.parse(json));
      const commands = this.pending.splice(0);
      return this.send(res, 200, { checkinIntervalSec: 1, policyVersion: "p1", commands, serverTime: new Date().toISOString() });
    }
    if (url === "/api/device/v1/events") {
      const r = ZEventsRequest.parse(json);
      this.events.push(...r.events);
      return this.send(res, 200, { accepted: r.events.map((e) => e.key), rejected: [] });
    }
    const ack = url.match(/^\/api\/device\/v1\/commands\/([^/]+)\/ack$/);
    if (ack) {
      this.acks.push({ id: decodeURIComponent(ack[1]!), ...ZCommandAckRequest.parse(json) } as TAck);
      return this.send(res, 200, {});
    }
    if (url === "/api/device/v1/commands/stream") {
      this.streamConnects++;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(":ping\n\n");
      this.streams.push(res);
      return;
    }
    if (url === "/api/device/v1/unenroll") {
      this.devices.delete(deviceId);
      return this.send(res, 200, {});
    }
    this.send(res, 404, { error: { code: "not_found", message: url } });
  }
}

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!cond()) throw new Error(`never happened: ${what}`);
};

const emptyHomeScan = () => ({ ctx: createScanContext({ env: { HOME: mkdtempSync(path.join(os.tmpdir(), "h-")), PATH: "" } }), processes: [], runVersionCommands: false });

describe("enroller transport against a loopback device API", () => {
  const apis: FakeDeviceApi[] = [];
  afterEach(async () => {
    for (const a of apis.splice(0)) await a.stop();
  });
  const startApi = async (port?: number) => {
    const a = await new FakeDeviceApi().start(port);
    apis.push(a);
    return a;
  };

  it("enrolls with private 0600 files, checks in a valid inventory and flushes the enrollment event", async () => {
    const api = await startApi();
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "marshal-state-"));
    const { state } = await enrollDevice({ stateDir, serverUrl: `${api.url}/`, token: "good-token" });
    expect(state).toMatchObject({ tenantSlug: "acme", ring: "dev", serverUrl: api.url });
    expect(statSync(stateFiles(stateDir).key).mode & 0o777).toBe(0o600);
    expect(statSync(stateFiles(stateDir).state).mode & 0o777).toBe(0o600);
    const ctx = await loadEnrollmentContext({ stateDir });
    const r = await checkinOnce({ ctx, scan: emptyHomeScan() });
    expect(api.checkins).toHaveLength(1);
    expect(r.flush).toMatchObject({ accepted: 1, remaining: 0 });
    expect(api.events.map((e) => e.type)).toEqual(["enroller.enrolled"]);
    expect((await readStatus({ stateDir })).state).toMatchObject({ policyVersion: "p1", lastError: null });
  });

  it("re-enrolling the same machine keeps the device id and replaces the key", async () => {
    const api = await startApi();
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "marshal-state-"));
    const a = await enrollDevice({ stateDir, serverUrl: api.url, token: "good-token" });
    const keyA = api.devices.get(a.state.deviceId);
    const b = await enrollDevice({ stateDir, serverUrl: api.url, token: "good-token" });
    expect(b.state.deviceId).toBe(a.state.deviceId);
    expect(api.devices.get(b.state.deviceId)).not.toBe(keyA);
  });

  it("says clearly when the token is unknown or the server unreachable, and writes no state", async () => {
    const api = await startApi();
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "marshal-state-"));
    await expect(enrollDevice({ stateDir, serverUrl: api.url, token: "wrong" })).rejects.toThrow(/enrollment token refused: unknown enrollment token \(invalid_token\)/);
    await api.stop();
    apis.splice(0);
    await expect(enrollDevice({ stateDir, serverUrl: api.url, token: "good-token" })).rejects.toThrow(/cannot reach the Marshal server at http:\/\/127\.0\.0\.1/);
    expect((await readStatus({ stateDir })).enrolled).toBe(false);
    await expect(enrollDevice({ stateDir, serverUrl: "not a url", token: "t" })).rejects.toThrow(/is not a URL/);
  });

  it("gzips large bodies and the body hash covers the bytes on the wire", async () => {
    const api = await startApi();
    const client = new DeviceClient({ serverUrl: api.url, gzipMinBytes: 100 });
    await client.enroll({ token: "good-token", machine: { machineId: "m-gzip-000", hostname: "h", os: "linux", osVersion: "x", arch: "x64", username: "u" } });
    const events = Array.from({ length: 50 }, (_, i) => ({ key: crypto.randomUUID(), time: new Date().toISOString(), type: "tool.call", params: { i } }));
    const r = await client.sendEvents({ events });
    expect(r.accepted).toHaveLength(50);
    expect(api.events).toHaveLength(50);
  });

  it("receives commands over the stream, acks each once, reports unknown types as failed and reconnects after a drop", async () => {
    const api = await startApi();
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "marshal-state-"));
    await enrollDevice({ stateDir, serverUrl: api.url, token: "good-token" });
    const stop = new AbortController();
    const run = runEnroller({ stateDir, signal: stop.signal, scan: emptyHomeScan(), log: () => {}, backoff: { baseMs: 20, capMs: 100 } });
    await until(() => api.streams.length === 1, "stream connected");
    const cmd = (id: string, type: string): TDeviceCommand => ({ id, type, payload: {}, createdAt: new Date().toISOString() });
    api.push(cmd("c1", "rescan"));
    api.push(cmd("c2", "self-destruct"));
    await until(() => api.acks.filter((a) => a.status !== "delivered").length === 2, "two final acks");
    expect(api.acks.find((a) => a.id === "c1" && a.status !== "delivered")).toMatchObject({ status: "succeeded" });
    expect(api.acks.find((a) => a.id === "c2" && a.status !== "delivered")).toMatchObject({ status: "failed", detail: { reason: expect.stringContaining("self-destruct") } });
    // The server drops the connection: the enroller reconnects and still gets commands; a repeat is not re-run.
    api.streams.splice(0).forEach((s) => s.destroy());
    await until(() => api.streams.length === 1, "stream reconnected");
    api.push(cmd("c1", "rescan"));
    api.push(cmd("c3", "rescan"));
    await until(() => api.acks.some((a) => a.id === "c3" && a.status === "succeeded"), "c3 acked");
    expect(api.acks.filter((a) => a.id === "c1" && a.status === "succeeded")).toHaveLength(1);
    expect(api.streamConnects).toBe(2);
    stop.abort();
    expect((await run).reason).toBe("stopped");
  });

  it("keeps retrying with backoff while the server is down and reports the latest inventory when it is back", async () => {
    const api = await startApi();
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "marshal-state-"));
    await enrollDevice({ stateDir, serverUrl: api.url, token: "good-token" });
    api.down = true;
    const errors: string[] = [];
    const stop = new AbortController();
    const run = runEnroller({
      stateDir,
      signal: stop.signal,
      scan: emptyHomeScan(),
      commandStream: false,
      backoff: { baseMs: 20, capMs: 80 },
      log: (level, m) => level === "error" && errors.push(m),
    });
    await until(() => errors.length >= 3, "three failed attempts");
    expect(errors[0]).toMatch(/cannot reach the Marshal server/);
    expect((await readStatus({ stateDir })).state?.lastError).toMatch(/cannot reach/);
    expect((await readStatus({ stateDir })).inventory).not.toBeNull(); // scanned and kept while offline
    api.down = false;
    await until(() => api.checkins.length >= 1, "check-in after recovery");
    await until(() => api.events.some((e) => e.type === "enroller.enrolled"), "buffered events delivered");
    stop.abort();
    await run;
  });

  it("stops and forgets the enrollment when the server sends unenroll", async () => {
    const api = await startApi();
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "marshal-state-"));
    await enrollDevice({ stateDir, serverUrl: api.url, token: "good-token" });
    api.pending.push({ id: "u1", type: "unenroll", payload: null, createdAt: new Date().toISOString() });
    const r = await runEnroller({ stateDir, scan: emptyHomeScan(), commandStream: false, log: () => {} });
    expect(r.reason).toBe("unenrolled");
    expect(api.acks.map((a) => a.status)).toEqual(["delivered", "succeeded"]);
    expect((await readStatus({ stateDir })).enrolled).toBe(false);
  });
});
