import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closedPort } from "./loopback-servers";
import { formatSyslogMessage } from "./format-syslog-message";
import { sendSyslog } from "./send-syslog";

/** Reads octet-counted frames (RFC 6587 §3.4.1) from a byte stream. */
function readFrames(buffer: Buffer): string[] {
  const frames: string[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const space = buffer.indexOf(0x20, offset);
    const length = Number(buffer.subarray(offset, space).toString("ascii"));
    if (!Number.isInteger(length)) throw new Error(`bad frame length at ${offset}`);
    frames.push(buffer.subarray(space + 1, space + 1 + length).toString("utf8"));
    offset = space + 1 + length;
  }
  return frames;
}

type TCollector = { port: number; frames: () => Promise<string[]>; close: () => Promise<void> };

async function startCollector(make: (onSocket: (socket: net.Socket) => void) => net.Server): Promise<TCollector> {
  const buffers: Buffer[] = [];
  let ended: () => void = () => {};
  const done = new Promise<void>((resolve) => (ended = resolve));
  const server = make((socket) => {
    socket.on("data", (chunk: Buffer) => buffers.push(chunk));
    socket.on("end", () => {
      socket.end();
      ended();
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    frames: async () => {
      await done;
      return readFrames(Buffer.concat(buffers));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const messages = [
  formatSyslogMessage({ severity: 6, timestamp: "2026-03-01T12:00:00Z", hostname: "marshal", appName: "marshal", msgId: "agent.tool_call", message: "CEF:0|Marshal|Marshal|0.1.0|agent.tool_call|Tool call|1|msg=ünïcode ✓" }),
  formatSyslogMessage({ severity: 3, timestamp: "2026-03-01T12:00:01Z", hostname: "marshal", appName: "marshal", msgId: "process.blocked", message: "second" }),
];

let certDir: string;
let cert: string;
let key: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => {
  certDir = mkdtempSync(path.join(tmpdir(), "marshal-syslog-tls-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout", path.join(certDir, "key.pem"), "-out", path.join(certDir, "cert.pem"),
  ], { stdio: "ignore" });
  cert = readFileSync(path.join(certDir, "cert.pem"), "utf8");
  key = readFileSync(path.join(certDir, "key.pem"), "utf8");
});
afterAll(() => rmSync(certDir, { recursive: true, force: true }));
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("sendSyslog", () => {
  it("delivers octet-counted RFC 5424 messages over TCP", async () => {
    const collector = await startCollector((onSocket) => net.createServer(onSocket));
    cleanups.push(collector.close);
    expect(await sendSyslog({ host: "127.0.0.1", port: collector.port, messages })).toEqual({ ok: true });
    expect(await collector.frames()).toEqual(messages);
  });

  it("delivers over TLS to a collector whose certificate it trusts", async () => {
    const collector = await startCollector((onSocket) => tls.createServer({ cert, key }, onSocket));
    cleanups.push(collector.close);
    expect(await sendSyslog({ host: "127.0.0.1", port: collector.port, tls: { ca: cert, servername: "localhost" }, messages })).toEqual({ ok: true });
    expect(await collector.frames()).toEqual(messages);
  });

  it("refuses an untrusted TLS certificate as a final error", async () => {
    const collector = await startCollector((onSocket) => tls.createServer({ cert, key }, onSocket));
    cleanups.push(collector.close);
    expect(await sendSyslog({ host: "127.0.0.1", port: collector.port, tls: true, messages })).toMatchObject({ ok: false, error: { kind: "tls", retryable: false } });
  });

  it("reports a refused connection and a silent TLS peer as retryable", async () => {
    const port = await closedPort();
    expect(await sendSyslog({ host: "127.0.0.1", port, messages })).toMatchObject({ ok: false, error: { kind: "network", retryable: true } });
    const silent = net.createServer(() => {}); // accepts TCP, never answers the TLS handshake
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => { silent.close(() => resolve()); for (const s of sockets) s.destroy(); }));
    const sockets: net.Socket[] = [];
    silent.on("connection", (s) => sockets.push(s));
    const result = await sendSyslog({ host: "127.0.0.1", port: (silent.address() as net.AddressInfo).port, tls: { ca: cert }, messages, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, error: { kind: "timeout", retryable: true } });
  });

  it("refuses bad input without connecting", async () => {
    expect(await sendSyslog({ host: "127.0.0.1", port: 70000, messages })).toMatchObject({ ok: false, error: { kind: "invalid_input" } });
    expect(await sendSyslog({ host: "127.0.0.1", port: 514, messages: [] })).toMatchObject({ ok: false, error: { kind: "invalid_input" } });
    expect(await sendSyslog({ host: "127.0.0.1", port: 514, messages: ["no priority"] })).toMatchObject({ ok: false, error: { kind: "invalid_input" } });
  });
});
