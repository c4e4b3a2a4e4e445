import { describe, expect, it } from "vitest";
import { parseDeviceEventBatch } from "@/server/contracts/events";
import { OtelPayloadError, otelToEvents } from "./otel-to-events";

const NOW = new Date("2026-03-01T12:00:00Z");
const s = (value: string) => ({ stringValue: value });
const i = (value: number) => ({ intValue: String(value) });
const d = (value: number) => ({ doubleValue: value });
const kv = (attrs: Record<string, object>) => Object.entries(attrs).map(([key, value]) => ({ key, value }));

/** Shaped like a Claude Code OTLP/HTTP JSON logs export (see the module header for the source). */
function claudeLogs(records: { body: string; attrs: Record<string, object>; time?: string }[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: kv({ "service.name": s("claude-code"), "service.version": s("2.1.197") }) },
        scopeLogs: [
          {
            scope: { name: "com.anthropic.claude_code.events", version: "2.1.197" },
            logRecords: records.map((r, n) => ({
              timeUnixNano: r.time ?? "1772366340000000000",
              observedTimeUnixNano: "1772366340000000000",
              body: s(r.body),
              attributes: kv({
                "event.name": s(r.body.replace("claude_code.", "")),
                "event.timestamp": s(`2026-03-01T11:59:0${n}.000Z`),
                "session.id": s("5d3c1e9a-0000-4000-8000-000000000001"),
                "app.version": s("2.1.197"),
                "user.email": s("alice@example.com"),
                "terminal.type": s("xterm-256color"),
                ...r.attrs,
              }),
            })),
          },
        ],
      },
    ],
  };
}

describe("otelToEvents: Claude Code logs", () => {
  const body = claudeLogs([
    {
      body: "claude_code.api_request",
      attrs: { model: s("claude-sonnet-4-5"), cost_usd: d(0.0421), duration_ms: i(2310), input_tokens: i(1200), output_tokens: i(310), cache_read_tokens: i(40000), cache_creation_tokens: i(512) },
    },
    {
      body: "claude_code.tool_result",
      attrs: {
        tool_name: s("Bash"),
        success: s("true"),
        duration_ms: i(840),
        decision: s("accept"),
        source: s("config"),
        tool_parameters: s(JSON.stringify({ bash_command: "npm", full_command: "npm test -- --token=abcd1234efgh", description: "Run tests" })),
      },
    },
    { body: "claude_code.tool_decision", attrs: { tool_name: s("Bash"), decision: s("accept"), source: s("config") } },
    { body: "claude_code.tool_decision", attrs: { tool_name: s("WebFetch"), decision: s("reject"), source: s("user_reject") } },
    { body: "claude_code.api_error", attrs: { model: s("claude-sonnet-4-5"), error: s("overloaded"), status_code: s("529"), attempt: i(2) } },
    { body: "claude_code.user_prompt", attrs: { prompt_length: i(42) } },
  ]);

  it("maps model requests with cost and tokens, tool calls, denials and prompts", () => {
    const { events, skipped } = otelToEvents({ signal: "logs", body, now: NOW });
    expect(skipped).toBe(1); // the accepted tool_decision: its tool_result is the record
    expect(events.map((e) => [e.type, e.outcome])).toEqual([
      ["agent.model_request", "success"],
      ["agent.tool_call", "success"],
      ["agent.tool_call", "denied"],
      ["agent.model_request", "error"],
      ["agent.user_prompt", "success"],
    ]);
    const [request, tool, denied, error] = events;
    expect(request).toMatchObject({
      time: "2026-03-01T11:59:00.000Z",
      target: "claude-sonnet-4-5",
      costUsd: 0.0421,
      tokens: { in: 1200, out: 310, cacheRead: 40000, cacheWrite: 512 },
      actor: { productSlug: "claude-code", productVersion: "2.1.197" },
      onBehalfOf: { userName: "alice@example.com" },
      correlation: { sessionId: "5d3c1e9a-0000-4000-8000-000000000001" },
      params: { duration_ms: 2310, model: "claude-sonnet-4-5" },
    });
    expect(tool).toMatchObject({ intent: "Bash", target: "npm test -- --token=[REDACTED:secret]" });
    expect((tool.params as any).tool_parameters.description).toBe("Run tests");
    expect(denied).toMatchObject({ intent: "WebFetch", params: { decision: "reject", source: "user_reject" } });
    expect(error.params).toMatchObject({ error: "overloaded", status_code: "529", attempt: 2 });
  });

  it("produces events the device contract accepts, with keys stable across re-sends", () => {
    const first = otelToEvents({ signal: "logs", body, now: NOW });
    const again = otelToEvents({ signal: "logs", body, now: NOW });
    expect(again.events.map((e) => e.key)).toEqual(first.events.map((e) => e.key));
    expect(new Set(first.events.map((e) => e.key)).size).toBe(first.events.length);
    const { rejected } = parseDeviceEventBatch({ events: first.events, now: NOW });
    expect(rejected).toEqual([]);
  });

  it("keeps unknown records as telemetry.otel_log and cleans text the database cannot store", () => {
    const odd = claudeLogs([{ body: "claude_code.something_new", attrs: { note: s("bad \ud800 text\u0000"), blob: s("x".repeat(40_000)) } }]);
    const { events } = otelToEvents({ signal: "logs", body: odd, now: NOW });
    expect(events[0].type).toBe("telemetry.otel_log");
    expect(events[0].intent).toBe("claude_code.something_new");
    expect((events[0].params as any).note).toBe("bad \ufffd text");
    expect(parseDeviceEventBatch({ events, now: NOW }).rejected).toEqual([]);
  });
});

describe("otelToEvents: Codex logs", () => {
  const codex = (name: string, attrs: Record<string, object>) => ({
    timeUnixNano: "1772366345000000000",
    attributes: kv({
      "event.name": s(name),
      "event.timestamp": s("2026-03-01T11:59:05.000Z"),
      "conversation.id": s("0199a213-81c0-7800-8aa1-bbab2a035a53"),
      "app.version": s("0.169.0"),
      model: s("gpt-5-codex"),
      "user.email": s("bob@example.com"),
      ...attrs,
    }),
  });
  const body = {
    resourceLogs: [
      {
        resource: { attributes: kv({ "service.name": s("codex_exec") }) },
        scopeLogs: [
          {
            logRecords: [
              codex("codex.conversation_starts", { provider_name: s("openai"), approval_policy: s("on-request"), sandbox_policy: s("workspace-write") }),
              codex("codex.api_request", { attempt: i(1), duration_ms: i(120), "http.response.status_code": i(200) }),
              codex("codex.sse_event", { "event.kind": s("response.output_text.delta"), duration_ms: i(3) }),
              codex("codex.sse_event", { "event.kind": s("response.completed"), input_token_count: i(9000), output_token_count: i(700), cached_token_count: i(6000), reasoning_token_count: i(256) }),
              codex("codex.tool_decision", { tool_name: s("shell"), call_id: s("call_1"), decision: s("denied"), source: s("user") }),
              codex("codex.tool_result", { tool_name: s("shell"), call_id: s("call_2"), arguments: s('{"command":["bash","-lc","ls"]}'), duration_ms: i(40), success: s("false"), output: s("boom") }),
              codex("codex.api_request", { attempt: i(2), "http.response.status_code": i(429), "error.message": s("rate limited") }),
            ],
          },
        ],
      },
    ],
  };

  it("maps sessions, completed responses with tokens, denials, tool results and API errors", () => {
    const { events, skipped } = otelToEvents({ signal: "logs", body, now: NOW });
    expect(skipped).toBe(2); // the successful api_request (counted on response.completed) and the text delta
    expect(events.map((e) => [e.type, e.outcome])).toEqual([
      ["agent.session_start", "success"],
      ["agent.model_request", "success"],
      ["agent.tool_call", "denied"],
      ["agent.tool_call", "error"],
      ["agent.model_request", "error"],
    ]);
    expect(events[1]).toMatchObject({
      target: "gpt-5-codex",
      tokens: { in: 3000, out: 700, cacheRead: 6000, cacheWrite: 0 },
      actor: { productSlug: "codex", productVersion: "0.169.0" },
      correlation: { sessionId: "0199a213-81c0-7800-8aa1-bbab2a035a53" },
      onBehalfOf: { userName: "bob@example.com" },
    });
    expect(events[3]).toMatchObject({ intent: "shell", correlation: { requestId: "call_2" }, params: { arguments: { command: ["bash", "-lc", "ls"] } } });
    expect(parseDeviceEventBatch({ events, now: NOW }).rejected).toEqual([]);
  });
});

describe("otelToEvents: Claude Code metrics", () => {
  it("combines cost and token data points per session, model and interval", () => {
    const point = (value: object, attrs: Record<string, object>) => ({
      attributes: kv({ "session.id": s("sess-1"), model: s("claude-sonnet-4-5"), "user.email": s("alice@example.com"), ...attrs }),
      startTimeUnixNano: "1772366280000000000",
      timeUnixNano: "1772366340000000000",
      ...value,
    });
    const body = {
      resourceMetrics: [
        {
          resource: { attributes: kv({ "service.name": s("claude-code"), "service.version": s("2.1.197") }) },
          scopeMetrics: [
            {
              metrics: [
                { name: "claude_code.cost.usage", unit: "USD", sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point({ asDouble: 0.12 }, {})] } },
                {
                  name: "claude_code.token.usage",
                  unit: "tokens",
                  sum: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      point({ asInt: "1500" }, { type: s("input") }),
                      point({ asInt: "200" }, { type: s("output") }),
                      point({ asInt: "9000" }, { type: s("cacheRead") }),
                      point({ asInt: "100" }, { type: s("cacheCreation") }),
                    ],
                  },
                },
                { name: "claude_code.session.count", sum: { dataPoints: [point({ asInt: "1" }, {})] } },
              ],
            },
          ],
        },
      ],
    };
    const { events, skipped } = otelToEvents({ signal: "metrics", body, now: NOW });
    expect(skipped).toBe(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "agent.usage_reported",
      time: "2026-03-01T11:59:00.000Z",
      costUsd: 0.12,
      tokens: { in: 1500, out: 200, cacheRead: 9000, cacheWrite: 100 },
      target: "claude-sonnet-4-5",
      correlation: { sessionId: "sess-1" },
      params: { temporality: "delta", model: "claude-sonnet-4-5" },
    });
  });
});

describe("otelToEvents: bad input", () => {
  it("refuses bodies that are not OTLP exports", () => {
    expect(() => otelToEvents({ signal: "logs", body: { hello: "world" } })).toThrow(OtelPayloadError);
    expect(() => otelToEvents({ signal: "metrics", body: { resourceLogs: [] } })).toThrow(/metrics export/);
    expect(() => otelToEvents({ signal: "logs", body: { resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: "soon" }] }] }] } })).toThrow(OtelPayloadError);
  });
});
