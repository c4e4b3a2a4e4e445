/**
 * OTLP/HTTP JSON checks: message and field names from opentelemetry-proto
 * (logs/v1/logs.proto, common/v1/common.proto, resource/v1/resource.proto) and the OTLP
 * spec's JSON encoding rules (camelCase names, 64-bit integers as decimal strings, enums as
 * integers, AnyValue with exactly one member).
 */
import { describe, expect, it } from "vitest";
import { otelToEvents } from "../otel-to-events";
import { everyCatalogEvent, makeEvent } from "./event-fixtures";
import { isoToUnixNano, toAnyValue, toOtlpLogs } from "./to-otlp-logs";

const MESSAGE_FIELDS: Record<string, string[]> = {
  ExportLogsServiceRequest: ["resourceLogs"],
  ResourceLogs: ["resource", "scopeLogs", "schemaUrl"],
  Resource: ["attributes", "droppedAttributesCount"],
  ScopeLogs: ["scope", "logRecords", "schemaUrl"],
  InstrumentationScope: ["name", "version", "attributes", "droppedAttributesCount"],
  LogRecord: ["timeUnixNano", "observedTimeUnixNano", "severityNumber", "severityText", "body", "attributes", "droppedAttributesCount", "flags", "traceId", "spanId", "eventName"],
  KeyValue: ["key", "value"],
};
const ANY_VALUE_MEMBERS = ["stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue"];

function checkFields(value: Record<string, unknown>, message: string, where: string, errors: string[]) {
  for (const key of Object.keys(value)) if (!MESSAGE_FIELDS[message].includes(key)) errors.push(`${where}.${key}: not a ${message} field`);
}

function checkAnyValue(value: unknown, where: string, errors: string[]) {
  const keys = Object.keys(value as object);
  if (keys.length > 1 || (keys.length === 1 && !ANY_VALUE_MEMBERS.includes(keys[0]))) {
    errors.push(`${where}: AnyValue must have one of ${ANY_VALUE_MEMBERS.join(",")}`);
    return;
  }
  const v = value as Record<string, any>;
  if ("intValue" in v && !(typeof v.intValue === "string" && /^-?\d+$/.test(v.intValue))) errors.push(`${where}: intValue must be a decimal string`);
  if ("stringValue" in v && typeof v.stringValue !== "string") errors.push(`${where}: stringValue must be a string`);
  if ("doubleValue" in v && typeof v.doubleValue !== "number") errors.push(`${where}: doubleValue must be a number`);
  if ("arrayValue" in v) (v.arrayValue.values as unknown[]).forEach((item, i) => checkAnyValue(item, `${where}.arrayValue[${i}]`, errors));
  if ("kvlistValue" in v) checkKeyValues(v.kvlistValue.values, `${where}.kvlistValue`, errors);
}

function checkKeyValues(list: unknown, where: string, errors: string[]) {
  if (!Array.isArray(list)) {
    errors.push(`${where}: must be a KeyValue list`);
    return;
  }
  list.forEach((kv, i) => {
    checkFields(kv, "KeyValue", `${where}[${i}]`, errors);
    if (typeof kv.key !== "string") errors.push(`${where}[${i}].key must be a string`);
    checkAnyValue(kv.value, `${where}[${i}].value`, errors);
  });
}

function validateOtlpLogs(request: any): string[] {
  const errors: string[] = [];
  checkFields(request, "ExportLogsServiceRequest", "request", errors);
  request.resourceLogs.forEach((rl: any, r: number) => {
    const at = `resourceLogs[${r}]`;
    checkFields(rl, "ResourceLogs", at, errors);
    checkFields(rl.resource, "Resource", `${at}.resource`, errors);
    checkKeyValues(rl.resource.attributes, `${at}.resource.attributes`, errors);
    rl.scopeLogs.forEach((sl: any, s: number) => {
      checkFields(sl, "ScopeLogs", `${at}.scopeLogs[${s}]`, errors);
      checkFields(sl.scope, "InstrumentationScope", `${at}.scopeLogs[${s}].scope`, errors);
      sl.logRecords.forEach((lr: any, l: number) => {
        const where = `${at}.scopeLogs[${s}].logRecords[${l}]`;
        checkFields(lr, "LogRecord", where, errors);
        for (const field of ["timeUnixNano", "observedTimeUnixNano"]) {
          if (!(typeof lr[field] === "string" && /^\d+$/.test(lr[field]))) errors.push(`${where}.${field}: fixed64 must be a decimal string`);
        }
        if (!(Number.isInteger(lr.severityNumber) && lr.severityNumber >= 1 && lr.severityNumber <= 24)) errors.push(`${where}.severityNumber: enum 1..24 as an integer`);
        checkAnyValue(lr.body, `${where}.body`, errors);
        checkKeyValues(lr.attributes, `${where}.attributes`, errors);
      });
    });
  });
  return errors;
}

describe("toOtlpLogs", () => {
  it("follows the OTLP/HTTP JSON encoding for every catalog type", () => {
    expect(validateOtlpLogs(toOtlpLogs({ events: everyCatalogEvent() }))).toEqual([]);
  });

  it("groups by tenant and maps time, severity and attributes", () => {
    const request = toOtlpLogs({
      events: [makeEvent({ severity: "high" }), makeEvent({ tenantId: "t_other", id: "0b7c6f0e-8a43-4c4e-9a77-3f1f3c1f4f11" })],
      productVersion: "1.4.0",
    });
    expect(request.resourceLogs).toHaveLength(2);
    const [first] = request.resourceLogs;
    expect(first.resource.attributes).toContainEqual({ key: "marshal.tenant.id", value: { stringValue: "t_acme" } });
    expect(first.scopeLogs[0].scope).toEqual({ name: "marshal.events", version: "1.4.0" });
    const record = first.scopeLogs[0].logRecords[0];
    expect(record.timeUnixNano).toBe("1772366340250000000");
    expect(record.severityNumber).toBe(17);
    expect(record.eventName).toBe("agent.tool_call");
    const attrs = Object.fromEntries(record.attributes.map((kv) => [kv.key, kv.value]));
    expect(attrs["user.name"]).toEqual({ stringValue: "alice@example.com" });
    expect(attrs["gen_ai.usage.input_tokens"]).toEqual({ intValue: "1200" });
    expect(attrs["marshal.cost_usd"]).toEqual({ doubleValue: 0.0123 });
    expect(attrs["marshal.params"]).toEqual({
      kvlistValue: { values: [{ key: "command", value: { stringValue: "npm test | tee out.log" } }, { key: "exit_code", value: { intValue: "0" } }] },
    });
  });

  it("keeps sub-millisecond precision and encodes any JSON value", () => {
    expect(isoToUnixNano("2026-03-01T12:00:00.123456789Z")).toBe("1772366400123456789");
    expect(isoToUnixNano("2026-03-01T13:00:00.5+01:00")).toBe("1772366400500000000");
    expect(toAnyValue([1, 1.5, true, null, "x"])).toEqual({
      arrayValue: { values: [{ intValue: "1" }, { doubleValue: 1.5 }, { boolValue: true }, {}, { stringValue: "x" }] },
    });
  });

  it("the encoding check catches protobuf-style mistakes", () => {
    const bad = { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: {}, logRecords: [{ time_unix_nano: 1, timeUnixNano: 5, observedTimeUnixNano: "1", severityNumber: "SEVERITY_NUMBER_INFO", body: { stringValue: "x", intValue: 1 }, attributes: [] }] }] }] };
    const errors = validateOtlpLogs(bad);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/time_unix_nano: not a LogRecord field/),
        expect.stringMatching(/timeUnixNano: fixed64 must be a decimal string/),
        expect.stringMatching(/severityNumber: enum/),
        expect.stringMatching(/body: AnyValue must have one of/),
      ]),
    );
  });

  it("our own OTLP output reads back through the agent-telemetry importer", () => {
    // The importer accepts any OTLP/HTTP JSON logs export; unknown event names become telemetry.otel_log.
    const { events } = otelToEvents({ signal: "logs", body: toOtlpLogs({ events: [makeEvent()] }) });
    expect(events).toHaveLength(1);
    expect(events[0].time).toBe("2026-03-01T11:59:00.250Z");
  });
});
