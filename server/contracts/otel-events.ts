/**
 * Agents' own OpenTelemetry -> Marshal device events.
 *
 * Input: an OTLP/HTTP JSON export body (ExportLogsServiceRequest or ExportMetricsServiceRequest),
 * as Claude Code and Codex send it when their OTLP endpoint points at the enroller.
 *
 * Claude Code (docs.anthropic.com/en/docs/claude-code/monitoring-usage): log records whose
 * body is the event name (`claude_code.api_request`, `claude_code.api_error`,
 * `claude_code.tool_result`, `claude_code.tool_decision`, `claude_code.user_prompt`) and whose
 * attributes carry `event.name` (without prefix), `event.timestamp`, `session.id`,
 * `app.version`, `user.email`, plus per-event fields (model, cost_usd, input_tokens,
 * output_tokens, cache_read_tokens, cache_creation_tokens, duration_ms, tool_name, success,
 * decision, source, tool_parameters, error, status_code, attempt, prompt_length).
 * Metrics `claude_code.cost.usage` (USD) and `claude_code.token.usage` (tokens, attribute
 * `type` = input | output | cacheRead | cacheCreation), per model and session.
 *
 * Codex (openai/codex docs/config.md, "otel"): log records with `event.name` =
 * `codex.conversation_starts`, `codex.api_request`, `codex.sse_event`, `codex.user_prompt`,
 * `codex.tool_decision`, `codex.tool_result`, and shared attributes `conversation.id`,
 * `app.version`, `model`, `user.email`, `event.timestamp`. Token counts arrive on the
 * `codex.sse_event` whose `event.kind` is `response.completed` (input_token_count,
 * output_token_count, cached_token_count, reasoning_token_count).
 *
 * Token semantics: `tokens.in` counts input not served from cache (Anthropic's input_tokens;
 * for OpenAI, input_token_count - cached_token_count), `cacheRead` the cached part.
 * Approvals (tool_decision accept) are not events of their own: the tool_result that follows
 * records the call; rejections become denied `agent.tool_call`s.
 *
 * The caller (the enroller) adds identity, person and device; this module fills what the
 * telemetry itself says. Output is redacted and fits the device event contract.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  MAX_PARAMS_BYTES,
  type TDeviceEventInput,
  type TEventOutcome,
  type TEventParams,
} from "./events";
import { redactDeviceEvent } from "./redact-secrets";

// ---- OTLP JSON shapes (lenient: 64-bit ints may arrive as strings or numbers) ----------

const ZInt64 = z.union([z.string().regex(/^-?\d+$/), z.number().int()]);

type TAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: TAnyValue[] };
  kvlistValue?: { values?: TKeyValue[] };
};
type TKeyValue = { key: string; value?: TAnyValue };

const ZAnyValue: z.ZodType<TAnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: ZInt64.optional(),
    doubleValue: z.union([z.number(), z.string()]).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.object({ values: z.array(ZAnyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(ZKeyValue).optional() }).optional(),
  }),
);
const ZKeyValue: z.ZodType<TKeyValue> = z.lazy(() => z.object({ key: z.string(), value: ZAnyValue.optional() }));
const ZAttributes = z.array(ZKeyValue).optional();
const ZResource = z.object({ attributes: ZAttributes }).optional();

const ZLogRecord = z.object({
  timeUnixNano: ZInt64.optional(),
  observedTimeUnixNano: ZInt64.optional(),
  eventName: z.string().optional(),
  body: ZAnyValue.optional(),
  attributes: ZAttributes,
});
export const ZOtlpLogsExport = z.object({
  resourceLogs: z.array(
    z.object({
      resource: ZResource,
      scopeLogs: z.array(z.object({ logRecords: z.array(ZLogRecord).optional() })).optional(),
    }),
  ),
});

const ZNumberDataPoint = z.object({
  attributes: ZAttributes,
  startTimeUnixNano: ZInt64.optional(),
  timeUnixNano: ZInt64.optional(),
  asDouble: z.union([z.number(), z.string()]).optional(),
  asInt: ZInt64.optional(),
});
const ZMetric = z.object({
  name: z.string(),
  unit: z.string().optional(),
  sum: z.object({ dataPoints: z.array(ZNumberDataPoint).optional(), aggregationTemporality: z.number().int().optional() }).optional(),
  gauge: z.object({ dataPoints: z.array(ZNumberDataPoint).optional() }).optional(),
});
export const ZOtlpMetricsExport = z.object({
  resourceMetrics: z.array(
    z.object({
      resource: ZResource,
      scopeMetrics: z.array(z.object({ metrics: z.array(ZMetric).optional() })).optional(),
    }),
  ),
});

export class OtelPayloadError extends Error {
  override name = "OtelPayloadError";
}

// ---- value helpers ---------------------------------------------------------------------------

function anyValueToJs(value: TAnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(anyValueToJs);
  if (value.kvlistValue) return attributesToObject(value.kvlistValue.values);
  return null;
}

function attributesToObject(list: TKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = anyValueToJs(kv.value);
  return out;
}

function str(value: unknown): string | undefined {
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

function count(value: unknown): number {
  const n = num(value);
  return n !== undefined && n > 0 ? Math.round(n) : 0;
}

function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

function parseJsonLoose(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Make any string storable: lone surrogates become U+FFFD, NUL is removed. */
function wellFormed(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd").replace(/\u0000/g, "");
}

function sanitize(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (Array.isArray(value)) return value.map(sanitize);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[wellFormed(key)] = sanitize(item);
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

function clip(value: string | undefined, max: number): string | undefined {
  if (!value) return undefined;
  const clean = wellFormed(value);
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

const byteLength = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

/** Keep params under the contract limit: shorten long strings, then give up on detail. */
function fitParams(params: Record<string, unknown>): TEventParams {
  const clean = sanitize(params) as Record<string, unknown>;
  if (byteLength(clean) <= MAX_PARAMS_BYTES) return clean;
  const shortened = JSON.parse(
    JSON.stringify(clean, (_key, item: unknown) => (typeof item === "string" && item.length > 512 ? `${item.slice(0, 511)}…` : item)),
  ) as Record<string, unknown>;
  if (byteLength(shortened) <= MAX_PARAMS_BYTES) return { ...shortened, truncated: true };
  return { truncated: true, keys: Object.keys(clean).slice(0, 100) };
}

function nanosToIso(nanos: string | number | undefined): string | undefined {
  if (nanos === undefined) return undefined;
  const big = BigInt(nanos);
  if (big <= 0n) return undefined;
  return new Date(Number(big / 1_000_000n)).toISOString();
}

function isoOrUndefined(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function stableKey(parts: unknown[]): string {
  return `otel:${createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 40)}`;
}

// ---- logs ----------------------------------------------------------------------------------

type TLogContext = {
  name: string;
  product: string | undefined;
  attrs: Record<string, unknown>;
  time: string;
  key: string;
};

type TMapped = Omit<TDeviceEventInput, "key" | "time" | "actor" | "onBehalfOf" | "device" | "correlation" | "outcome"> & {
  outcome?: TEventOutcome;
  requestId?: string;
};

const COMMON_ATTRIBUTES = new Set([
  "event.name",
  "event.timestamp",
  "event.sequence",
  "session.id",
  "conversation.id",
  "app.version",
  "organization.id",
  "user.account_uuid",
  "user.account_id",
  "user.id",
  "user.email",
  "terminal.type",
  "service.name",
  "service.version",
  "auth_mode",
  "slug",
  "env",
]);

function pickParams(attrs: Record<string, unknown>, omit: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (!COMMON_ATTRIBUTES.has(key) && !omit.includes(key)) out[key] = value;
  }
  return out;
}

function toolTarget(parameters: unknown): string | undefined {
  if (!parameters || typeof parameters !== "object") return undefined;
  const p = parameters as Record<string, unknown>;
  return str(p.file_path) ?? str(p.full_command) ?? str(p.bash_command) ?? str(p.command) ?? str(p.path) ?? str(p.url) ?? str(p.mcp_server_name);
}

function claudeTokens(a: Record<string, unknown>) {
  return { in: count(a.input_tokens), out: count(a.output_tokens), cacheRead: count(a.cache_read_tokens), cacheWrite: count(a.cache_creation_tokens) };
}

const LOG_MAPPERS: Record<string, (ctx: TLogContext) => TMapped | undefined> = {
  "claude_code.api_request": ({ attrs: a }) => ({
    type: "agent.model_request",
    target: str(a.model),
    outcome: "success",
    costUsd: num(a.cost_usd),
    tokens: claudeTokens(a),
    params: pickParams(a, ["input_tokens", "output_tokens", "cache_read_tokens", "cache_creation_tokens", "cost_usd"]),
    requestId: str(a.request_id),
  }),
  "claude_code.api_error": ({ attrs: a }) => ({
    type: "agent.model_request",
    target: str(a.model),
    outcome: "error",
    params: pickParams(a),
  }),
  "claude_code.tool_result": ({ attrs: a }) => {
    const parameters = parseJsonLoose(a.tool_parameters);
    const success = bool(a.success);
    const outcome: TEventOutcome = a.decision === "reject" ? "denied" : success === true ? "success" : success === false ? "error" : "unknown";
    return {
      type: "agent.tool_call",
      intent: str(a.tool_name),
      target: toolTarget(parameters),
      outcome,
      params: { ...pickParams(a, ["tool_parameters"]), ...(parameters !== undefined ? { tool_parameters: parameters } : {}) },
    };
  },
  "claude_code.tool_decision": ({ attrs: a }) =>
    a.decision === "reject"
      ? { type: "agent.tool_call", intent: str(a.tool_name), outcome: "denied", params: pickParams(a) }
      : undefined,
  "claude_code.user_prompt": ({ attrs: a }) => ({ type: "agent.user_prompt", outcome: "success", params: pickParams(a) }),
  "codex.conversation_starts": ({ attrs: a }) => ({
    type: "agent.session_start",
    target: str(a.model),
    outcome: "success",
    params: pickParams(a),
  }),
  "codex.api_request": ({ attrs: a }) => {
    const status = num(a["http.response.status_code"]);
    if (!a["error.message"] && !(status !== undefined && status >= 400)) return undefined; // successes are counted on response.completed
    return { type: "agent.model_request", target: str(a.model), outcome: "error", params: pickParams(a) };
  },
  "codex.sse_event": ({ attrs: a }) => {
    const kind = str(a["event.kind"]);
    if (kind === "response.completed") {
      const input = count(a.input_token_count);
      const cached = count(a.cached_token_count);
      return {
        type: "agent.model_request",
        target: str(a.model),
        outcome: "success",
        tokens: { in: Math.max(0, input - cached), out: count(a.output_token_count), cacheRead: cached, cacheWrite: 0 },
        params: pickParams(a),
      };
    }
    if (kind === "response.failed" || a["error.message"]) {
      return { type: "agent.model_request", target: str(a.model), outcome: "error", params: pickParams(a) };
    }
    return undefined;
  },
  "codex.tool_result": ({ attrs: a }) => {
    const args = parseJsonLoose(a.arguments);
    const success = bool(a.success);
    return {
      type: "agent.tool_call",
      intent: str(a.tool_name),
      target: toolTarget(args),
      outcome: success === true ? "success" : success === false ? "error" : "unknown",
      params: { ...pickParams(a, ["arguments"]), ...(args !== undefined ? { arguments: args } : {}) },
      requestId: str(a.call_id),
    };
  },
  "codex.tool_decision": ({ attrs: a }) => {
    const decision = str(a.decision)?.toLowerCase();
    if (decision !== "denied" && decision !== "abort") return undefined;
    return { type: "agent.tool_call", intent: str(a.tool_name), outcome: "denied", params: pickParams(a), requestId: str(a.call_id) };
  },
  "codex.user_prompt": ({ attrs: a }) => ({ type: "agent.user_prompt", outcome: "success", params: pickParams(a) }),
};

function eventNameOf(record: z.infer<typeof ZLogRecord>, attrs: Record<string, unknown>): string | undefined {
  const body = typeof record.body?.stringValue === "string" ? record.body.stringValue : undefined;
  const candidates = [record.eventName, str(attrs["event.name"]), body].filter((c): c is string => !!c && c.length <= 128);
  const prefixed = candidates.find((c) => /^(claude_code|codex)\.[a-z_.]+$/.test(c));
  if (prefixed) return prefixed;
  const bare = str(attrs["event.name"]);
  const service = str(attrs["service.name"]);
  if (bare && /^[a-z_]+$/.test(bare) && (service === "claude-code" || service?.startsWith("claude"))) return `claude_code.${bare}`;
  return candidates.find((c) => /^[A-Za-z0-9_.:-]+$/.test(c));
}

function productOf(name: string | undefined, attrs: Record<string, unknown>): string | undefined {
  if (name?.startsWith("claude_code.")) return "claude-code";
  if (name?.startsWith("codex.")) return "codex";
  const service = str(attrs["service.name"]);
  if (service === "claude-code") return "claude-code";
  if (service?.startsWith("codex")) return "codex";
  return service ? clip(service.toLowerCase().replace(/[^a-z0-9-]+/g, "-"), 64) : undefined;
}

function baseEvent(ctx: TLogContext, mapped: TMapped): TDeviceEventInput {
  const a = ctx.attrs;
  const { requestId, outcome, intent, target, params, ...rest } = mapped;
  return redactDeviceEvent({
    ...rest,
    key: ctx.key,
    time: ctx.time,
    actor: {
      ...(ctx.product ? { productSlug: ctx.product } : {}),
      ...(str(a["app.version"] ?? a["service.version"]) ? { productVersion: clip(str(a["app.version"] ?? a["service.version"]), 64) } : {}),
    },
    onBehalfOf: str(a["user.email"]) ? { userName: clip(str(a["user.email"]), 320) } : {},
    device: {},
    intent: clip(intent, 1024),
    target: clip(target, 2048),
    params: params ? fitParams(params) : undefined,
    outcome: outcome ?? "unknown",
    correlation: {
      ...(str(a["session.id"] ?? a["conversation.id"]) ? { sessionId: clip(str(a["session.id"] ?? a["conversation.id"]), 128) } : {}),
      ...(requestId ? { requestId: clip(requestId, 128) } : {}),
    },
  });
}

function logsToEvents(body: unknown, now: Date): TOtelToEventsResult {
  const parsed = ZOtlpLogsExport.safeParse(body);
  if (!parsed.success) throw new OtelPayloadError(`not an OTLP/HTTP JSON logs export: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const events: TDeviceEventInput[] = [];
  let skipped = 0;
  for (const resourceLogs of parsed.data.resourceLogs) {
    const resourceAttrs = attributesToObject(resourceLogs.resource?.attributes);
    for (const scope of resourceLogs.scopeLogs ?? []) {
      for (const record of scope.logRecords ?? []) {
        const recordAttrs = attributesToObject(record.attributes);
        const attrs = { ...resourceAttrs, ...recordAttrs };
        const name = eventNameOf(record, attrs);
        const time =
          isoOrUndefined(attrs["event.timestamp"]) ?? nanosToIso(record.timeUnixNano) ?? nanosToIso(record.observedTimeUnixNano) ?? now.toISOString();
        const ctx: TLogContext = {
          name: name ?? "unnamed",
          product: productOf(name, attrs),
          attrs,
          time,
          key: stableKey([name, record.timeUnixNano, record.observedTimeUnixNano, recordAttrs, anyValueToJs(record.body), resourceAttrs["service.name"]]),
        };
        const mapper = name ? LOG_MAPPERS[name] : undefined;
        if (mapper) {
          const mapped = mapper(ctx);
          if (mapped) events.push(baseEvent(ctx, mapped));
          else skipped++;
          continue;
        }
        events.push(
          baseEvent(ctx, {
            type: "telemetry.otel_log",
            intent: name,
            params: { ...pickParams(recordAttrs), ...(record.body ? { body: anyValueToJs(record.body) } : {}) },
          }),
        );
      }
    }
  }
  return { events, skipped };
}

// ---- metrics ---------------------------------------------------------------------------------

const TOKEN_TYPE_FIELD: Record<string, "in" | "out" | "cacheRead" | "cacheWrite"> = {
  input: "in",
  output: "out",
  cacheRead: "cacheRead",
  cacheCreation: "cacheWrite",
};

function metricsToEvents(body: unknown): TOtelToEventsResult {
  const parsed = ZOtlpMetricsExport.safeParse(body);
  if (!parsed.success) throw new OtelPayloadError(`not an OTLP/HTTP JSON metrics export: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  type TUsage = { attrs: Record<string, unknown>; time: string; start?: string; temporality: string; costUsd?: number; tokens?: { in: number; out: number; cacheRead: number; cacheWrite: number }; keyParts: unknown[] };
  const usage = new Map<string, TUsage>();
  let skipped = 0;
  for (const resourceMetrics of parsed.data.resourceMetrics) {
    const resourceAttrs = attributesToObject(resourceMetrics.resource?.attributes);
    for (const scope of resourceMetrics.scopeMetrics ?? []) {
      for (const metric of scope.metrics ?? []) {
        const isCost = metric.name === "claude_code.cost.usage";
        const isTokens = metric.name === "claude_code.token.usage";
        const points = metric.sum?.dataPoints ?? metric.gauge?.dataPoints ?? [];
        if (!isCost && !isTokens) {
          skipped += points.length || 1;
          continue;
        }
        const temporality = metric.sum?.aggregationTemporality === 2 ? "cumulative" : "delta";
        for (const point of points) {
          const pointAttrs = attributesToObject(point.attributes);
          const attrs = { ...resourceAttrs, ...pointAttrs };
          const value = num(point.asDouble ?? (point.asInt !== undefined ? Number(point.asInt) : undefined));
          const time = nanosToIso(point.timeUnixNano);
          if (value === undefined || !time) {
            skipped++;
            continue;
          }
          const { type: tokenType, ...groupAttrs } = pointAttrs;
          const groupKey = JSON.stringify([groupAttrs, point.startTimeUnixNano, point.timeUnixNano]);
          const entry = usage.get(groupKey) ?? { attrs, time, start: nanosToIso(point.startTimeUnixNano), temporality, keyParts: [groupAttrs, point.startTimeUnixNano, point.timeUnixNano] };
          if (isCost) entry.costUsd = (entry.costUsd ?? 0) + Math.max(0, value);
          else {
            const field = TOKEN_TYPE_FIELD[str(tokenType) ?? ""];
            if (!field) {
              skipped++;
              continue;
            }
            entry.tokens ??= { in: 0, out: 0, cacheRead: 0, cacheWrite: 0 };
            entry.tokens[field] += count(value);
          }
          usage.set(groupKey, entry);
        }
      }
    }
  }
  const events = [...usage.values()].map((entry) => {
    const ctx: TLogContext = { name: "claude_code.usage", product: "claude-code", attrs: entry.attrs, time: entry.time, key: stableKey(["usage", ...entry.keyParts]) };
    return baseEvent(ctx, {
      type: "agent.usage_reported",
      target: str(entry.attrs.model),
      outcome: "success",
      costUsd: entry.costUsd,
      tokens: entry.tokens,
      params: { temporality: entry.temporality, ...(entry.start ? { start_time: entry.start } : {}), ...(str(entry.attrs.model) ? { model: str(entry.attrs.model) } : {}) },
    });
  });
  return { events, skipped };
}

// ---- entry point -------------------------------------------------------------------------------

export type TOtelToEventsOptions = {
  signal: "logs" | "metrics";
  /** The parsed JSON body of an OTLP/HTTP export request. */
  body: unknown;
  /** Fallback time for records that carry none. */
  now?: Date;
};

export type TOtelToEventsResult = {
  events: TDeviceEventInput[];
  /** Records or data points deliberately not turned into events (approvals, stream chunks, unknown metrics). */
  skipped: number;
};

/** Throws OtelPayloadError when the body is not an OTLP/HTTP JSON export of that signal. */
export function otelToEvents({ signal, body, now = new Date() }: TOtelToEventsOptions): TOtelToEventsResult {
  return signal === "logs" ? logsToEvents(body, now) : metricsToEvents(body);
}
