/**
 * The loopback OTLP receiver over real HTTP, writing to a real event spool: a Claude Code OTLP/HTTP JSON export
 * (shaped from the documented event names and attributes, https://code.claude.com/docs/en/monitoring-usage) turns
 * into spooled events carrying the agent identity, person and device; bad bodies are refused and change nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeviceEventBatch } from "../../../server/contracts/events";
import { EventSpool } from "../spool/event-spool";
import { startOtlpReceiver, type OtlpReceiver } from "./otlp-receiver";
import { createAgentIdentityResolver } from "./resolve-agent-identity";

const s = (value: string) => ({ stringValue: value });
const i = (value: number) => ({ intValue: String(value) });
const d = (value: number) => ({ doubleValue: value });
const kv = (attrs: Record<string, object>) => Object.entries(attrs).map(([key, value]) => ({ key, value }));

const SESSION = "5d3c1e9a-0000-4000-8000-000000000001";
const nowNanos = () => `${BigInt(Date.now()) * 1_000_000n}`;

function claudeLogsExport() {
  const common = (name: string) => ({
    "event.name": s(name),
    "event.timestamp": s(new Date().toISOString()),
    "session.id": s(SESSION),
    "app.version": s("2.1.197"),
    "user.email": s("alice@example.com"),
    "terminal.type": s("non-interactive"),
  });
  return {
    resourceLogs: [
      {
        resource: { attributes: kv({ "service.name": s("claude-code"), "service.version": s("2.1.197"), "os.type": s("linux") }) },
        scopeLogs: [
          {
            scope: { name: "com.anthropic.claude_code.events", version: "2.1.197" },
            logRecords: [
              { timeUnixNano: nowNanos(), body: s("claude_code.user_prompt"), attributes: kv({ ...common("user_prompt"), prompt_length: i(6) }) },
              {
                timeUnixNano: nowNanos(),
                body: s("claude_code.api_request"),
                attributes: kv({ ...common("api_request"), model: s("claude-sonnet-4-5"), cost_usd: d(0.0123), duration_ms: i(900), input_tokens: i(12), output_tokens: i(5), cache_read_tokens: i(0), cache_creation_tokens: i(0) }),
              },
              {
                timeUnixNano: nowNanos(),
                body: s("claude_code.tool_result"),
                attributes: kv({
                  ...common("tool_result"),
                  tool_name: s("Bash"),
                  success: s("true"),
                  duration_ms: i(40),
                  tool_parameters: s(JSON.stringify({ bash_command: "curl", full_command: "curl -H 'Authorization: Bearer sk-ant-api03-abcdefghijklmnopqrstuvwxyz' https://api.example.com" })),
                }),
              },
            ],
          },
        ],
      },
    ],
  };
}

function claudeMetricsExport() {
  const point = (type: string, value: number) => ({
    attributes: kv({ "session.id": s(SESSION), model: s("claude-sonnet-4-5"), "user.email": s("alice@example.com"), type: s(type) }),
    startTimeUnixNano: "1772366280000000000",
    timeUnixNano: nowNanos(),
    asDouble: value,
  });
  return {
    resourceMetrics: [
      {
        resource: { attributes: kv({ "service.name": s("claude-code"), "service.version": s("2.1.197") }) },
        scopeMetrics: [
          {
            scope: { name: "com.anthropic.claude_code", version: "2.1.197" },
            metrics: [
              { name: "claude_code.token.usage", unit: "tokens", sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point("input", 12), point("output", 5)] } },
            ],
          },
        ],
      },
    ],
  };
}

/** An agent token as the console issues it: sub = agent identity, act.sub = person (only the claims matter here). */
function fakeAgentToken(identityId: string, personId: string) {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "EdDSA", typ: "at+jwt" })}.${part({ sub: identityId, act: { sub: personId }, prd: "claude-code" })}.c2ln`;
}

let dir: string;
let spool: EventSpool;
let receiver: OtlpReceiver;
const tokenRequests: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "marshal-otlp-"));
  spool = new EventSpool({ file: path.join(dir, "events.ndjson") });
  const credentials = {
    async getToken({ productSlug }: { productSlug: string }) {
      tokenRequests.push(productSlug);
      if (productSlug !== "claude-code") throw new Error(`${productSlug} has no identity on this device`);
      return { token: fakeAgentToken("ident-claude-1", "person-alice"), identityId: "ident-claude-1", expiresAt: Date.now() + 600_000 };
    },
  };
  receiver = await startOtlpReceiver({
    appendEvents: (events) => spool.append({ events }),
    enrichment: { deviceId: "dev-1", hostname: "alice-laptop", resolveAgent: createAgentIdentityResolver({ credentials }) },
    maxBodyBytes: 256 * 1024,
  });
});
afterAll(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(p: string, body: string | Uint8Array, headers: Record<string, string> = { "content-type": "application/json" }) {
  const res = await fetch(`${receiver.url}${p}`, { method: "POST", body: typeof body === "string" ? body : new Uint8Array(body), headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("OTLP receiver", () => {
  it("binds loopback only", async () => {
    expect(new URL(receiver.url).hostname).toBe("127.0.0.1");
    await expect(startOtlpReceiver({ host: "0.0.0.0", appendEvents: async () => {}, enrichment: { deviceId: "x" } })).rejects.toThrow(/loopback/);
  });

  it("turns a Claude Code logs export into spooled events with identity, person and device", async () => {
    const res = await post("/v1/logs", JSON.stringify(claudeLogsExport()));
    expect(res).toEqual({ status: 200, body: {} });
    const batch = await spool.peekBatch();
    expect(batch.map((e) => e.type)).toEqual(["agent.user_prompt", "agent.model_request", "agent.tool_call"]);
    for (const event of batch) {
      expect(event).toMatchObject({
        actor: { identityId: "ident-claude-1", productSlug: "claude-code", productVersion: "2.1.197" },
        onBehalfOf: { personId: "person-alice", userName: "alice@example.com" },
        device: { id: "dev-1", hostname: "alice-laptop" },
        correlation: { sessionId: SESSION },
      });
    }
    expect(batch[1]).toMatchObject({ target: "claude-sonnet-4-5", outcome: "success", costUsd: 0.0123, tokens: { in: 12, out: 5, cacheRead: 0, cacheWrite: 0 } });
    expect(batch[2]).toMatchObject({ intent: "Bash", outcome: "success" });
    // the secret in the tool parameters never reaches the spool
    expect(JSON.stringify(batch)).not.toContain("sk-ant-api03");
    // what the spool will upload passes the server's own batch validation
    expect(parseDeviceEventBatch({ events: batch }).rejected).toEqual([]);
    // one credential lookup for the whole export
    expect(tokenRequests).toEqual(["claude-code"]);
  });

  it("is idempotent per record: the same export again yields the same event keys", async () => {
    const body = claudeLogsExport();
    const before = (await spool.peekBatch()).map((e) => e.key);
    await post("/v1/logs", JSON.stringify(body));
    await post("/v1/logs", JSON.stringify(body));
    const keys = (await spool.peekBatch()).map((e) => e.key);
    const added = keys.slice(before.length);
    expect(added).toHaveLength(6);
    expect(added.slice(0, 3)).toEqual(added.slice(3));
    await spool.remove({ keys });
  });

  it("accepts gzip-compressed metric exports and reports usage", async () => {
    const res = await post("/v1/metrics", gzipSync(JSON.stringify(claudeMetricsExport())), { "content-type": "application/json", "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    const batch = await spool.peekBatch();
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({
      type: "agent.usage_reported",
      tokens: { in: 12, out: 5 },
      actor: { identityId: "ident-claude-1" },
      onBehalfOf: { personId: "person-alice" },
      device: { id: "dev-1" },
    });
    await spool.remove({ keys: batch.map((e) => e.key) });
  });

  it("leaves telemetry of a product without an identity unattributed but keeps it", async () => {
    const codex = {
      resourceLogs: [
        {
          resource: { attributes: kv({ "service.name": s("codex_exec"), "service.version": s("0.169.0") }) },
          scopeLogs: [{ logRecords: [{ timeUnixNano: nowNanos(), attributes: kv({ "event.name": s("codex.user_prompt"), "conversation.id": s("conv-1"), prompt_length: i(3) }) }] }],
        },
      ],
    };
    expect((await post("/v1/logs", JSON.stringify(codex))).status).toBe(200);
    const [event] = await spool.peekBatch();
    expect(event).toMatchObject({ type: "agent.user_prompt", actor: { productSlug: "codex" }, device: { id: "dev-1" }, correlation: { sessionId: "conv-1" } });
    expect((event!.actor as { identityId?: string }).identityId).toBeUndefined();
    await spool.remove({ keys: [event!.key] });
  });

  it("refuses bad requests with a clear status and stores nothing", async () => {
    const cases: [string, RequestInit, number, RegExp][] = [
      ["/v1/logs", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } }, 400, /not valid JSON/],
      ["/v1/logs", { method: "POST", body: JSON.stringify({ resourceLogs: "nope" }), headers: { "content-type": "application/json" } }, 400, /OTLP/],
      ["/v1/logs", { method: "POST", body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), headers: { "content-type": "application/json" } }, 400, /UTF-8/],
      ["/v1/logs", { method: "POST", body: "x", headers: { "content-type": "text/plain" } }, 415, /Content-Type/],
      ["/v1/logs", { method: "POST", body: "x".repeat(300 * 1024), headers: { "content-type": "application/json" } }, 413, /larger than/],
      ["/v1/logs", { method: "POST", body: JSON.stringify(claudeLogsExport()), headers: { "content-type": "application/json", origin: "https://evil.example" } }, 403, /browser/],
      ["/v1/logs", { method: "GET" }, 405, /POST/],
      ["/v1/traces", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }, 404, /no OTLP endpoint/],
    ];
    for (const [p, init, status, message] of cases) {
      const res = await fetch(`${receiver.url}${p}`, init);
      expect({ p, status: res.status }).toEqual({ p, status });
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    expect((await spool.stats()).count).toBe(0);
  });
});
