/**
 * Canonical events -> OTLP logs export request in the OTLP/HTTP JSON encoding
 * (opentelemetry-proto: opentelemetry/proto/collector/logs/v1/logs_service.proto
 * ExportLogsServiceRequest; JSON rules from the OTLP specification, "JSON Protobuf Encoding"):
 * - field names are lowerCamelCase,
 * - 64-bit integers (timeUnixNano, observedTimeUnixNano, AnyValue.intValue) are decimal strings,
 * - enums (severityNumber) are integers,
 * - attributes are KeyValue lists whose values are AnyValue objects with exactly one member.
 * One ResourceLogs per tenant (resource attribute `marshal.tenant.id`), one scope
 * `marshal.events`. Attribute names follow OpenTelemetry semantic conventions where one
 * exists (user.*, host.*, session.id, gen_ai.*), `marshal.*` otherwise.
 */
import type { TEvent, TEventSeverity } from "@/server/contracts/events";
import { MARSHAL_DEFAULT_VERSION, eventMessage, eventSubject } from "./describe-event";

export type TOtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: TOtlpAnyValue[] } }
  | { kvlistValue: { values: TOtlpKeyValue[] } }
  | Record<string, never>;
export type TOtlpKeyValue = { key: string; value: TOtlpAnyValue };
export type TOtlpLogRecord = {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  eventName: string;
  body: TOtlpAnyValue;
  attributes: TOtlpKeyValue[];
};
export type TOtlpLogsExport = {
  resourceLogs: {
    resource: { attributes: TOtlpKeyValue[] };
    scopeLogs: { scope: { name: string; version: string }; logRecords: TOtlpLogRecord[] }[];
  }[];
};

/** SeverityNumber values from logs.proto (INFO=9, INFO2=10, WARN=13, ERROR=17, FATAL=21). */
export const OTLP_SEVERITY: Record<TEventSeverity, { number: number; text: string }> = {
  info: { number: 9, text: "INFO" },
  low: { number: 10, text: "INFO2" },
  medium: { number: 13, text: "WARN" },
  high: { number: 17, text: "ERROR" },
  critical: { number: 21, text: "FATAL" },
};

/** Nanoseconds since the epoch as a decimal string, keeping sub-millisecond digits of the ISO time. */
export function isoToUnixNano(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO time: ${iso}`);
  const seconds = BigInt(Math.floor(ms / 1000));
  const fraction = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(iso)?.[1] ?? "";
  const nanos = BigInt((fraction + "000000000").slice(0, 9));
  return (seconds * 1_000_000_000n + nanos).toString();
}

export function toAnyValue(value: unknown): TOtlpAnyValue {
  if (value === null || value === undefined) return {};
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (typeof value === "bigint") return { intValue: value.toString() };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(toAnyValue) } };
  if (typeof value === "object") {
    return { kvlistValue: { values: Object.entries(value).map(([key, item]) => ({ key, value: toAnyValue(item) })) } };
  }
  return { stringValue: String(value) };
}

function attributes(pairs: [string, unknown][]): TOtlpKeyValue[] {
  return pairs.filter(([, value]) => value !== undefined).map(([key, value]) => ({ key, value: toAnyValue(value) }));
}

function toLogRecord(event: TEvent): TOtlpLogRecord {
  const subject = eventSubject(event);
  const severity = OTLP_SEVERITY[event.severity];
  return {
    timeUnixNano: isoToUnixNano(event.time),
    observedTimeUnixNano: isoToUnixNano(event.receivedAt),
    severityNumber: severity.number,
    severityText: severity.text,
    eventName: event.type,
    body: { stringValue: eventMessage(event) },
    attributes: attributes([
      ["event.id", event.id],
      ["marshal.event.type", event.type],
      ["marshal.event.key", event.key],
      ["marshal.outcome", event.outcome],
      ["marshal.intent", event.intent],
      ["marshal.target", event.target],
      ["marshal.params", event.params],
      ["marshal.agent.identity_id", event.actor.identityId],
      ["marshal.agent.product", event.actor.productSlug],
      ["marshal.agent.version", event.actor.productVersion],
      ["marshal.member.id", event.actor.memberId],
      ["marshal.on_behalf_of.person_id", event.onBehalfOf.personId],
      ["user.id", subject?.id],
      ["user.name", subject?.name],
      ["user.email", subject?.email],
      ["host.id", event.device.id],
      ["host.name", event.device.hostname],
      ["session.id", event.correlation.sessionId],
      ["marshal.revocation.id", event.correlation.revocationId],
      ["marshal.rollout.id", event.correlation.rolloutId],
      ["marshal.request.id", event.correlation.requestId],
      ["gen_ai.request.model", event.type === "agent.model_request" ? event.target : undefined],
      ["gen_ai.usage.input_tokens", event.tokens?.in],
      ["gen_ai.usage.output_tokens", event.tokens?.out],
      ["marshal.tokens.cache_read", event.tokens?.cacheRead],
      ["marshal.tokens.cache_write", event.tokens?.cacheWrite],
    ]).concat(event.costUsd === undefined ? [] : [{ key: "marshal.cost_usd", value: { doubleValue: event.costUsd } }]),
  };
}

export type TToOtlpLogsOptions = {
  events: TEvent[];
  /** service.version of the Marshal build. */
  productVersion?: string;
};

export function toOtlpLogs({ events, productVersion = MARSHAL_DEFAULT_VERSION }: TToOtlpLogsOptions): TOtlpLogsExport {
  const byTenant = new Map<string, TEvent[]>();
  for (const event of events) {
    const list = byTenant.get(event.tenantId);
    if (list) list.push(event);
    else byTenant.set(event.tenantId, [event]);
  }
  return {
    resourceLogs: [...byTenant].map(([tenantId, tenantEvents]) => ({
      resource: {
        attributes: attributes([
          ["service.name", "marshal"],
          ["service.version", productVersion],
          ["marshal.tenant.id", tenantId],
        ]),
      },
      scopeLogs: [{ scope: { name: "marshal.events", version: productVersion }, logRecords: tenantEvents.map(toLogRecord) }],
    })),
  };
}
