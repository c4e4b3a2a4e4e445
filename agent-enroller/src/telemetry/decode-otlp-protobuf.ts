/**
 * A small schema-driven protobuf decoder for the two OTLP requests the receiver takes (no protobuf package in the
 * enroller bundle). It turns binary ExportLogsServiceRequest / ExportMetricsServiceRequest into the same object the
 * OTLP/JSON mapping produces (camelCase field names, 64-bit integers as decimal strings, bytes as base64), so one
 * mapping (server/contracts/otel-events.ts) serves both encodings.
 *
 * Field numbers follow opentelemetry-proto (opentelemetry/proto/{common,resource,logs,metrics}/v1/*.proto and
 * collector/{logs,metrics}/v1/*_service.proto). Fields not listed (exemplars, histograms, trace ids we do not map)
 * are skipped by wire type, as protobuf requires of unknown fields.
 */

export class OtlpProtobufError extends Error {
  override name = "OtlpProtobufError";
}

type TKind = "string" | "bytes" | "bool" | "int64" | "uint32" | "fixed64" | "sfixed64" | "fixed32" | "double";
type TField = { name: string; kind: TKind | { message: string }; repeated?: boolean };
type TSchema = Record<number, TField>;

const m = (message: string) => ({ message });

const SCHEMAS: Record<string, TSchema> = {
  ExportLogsServiceRequest: { 1: { name: "resourceLogs", kind: m("ResourceLogs"), repeated: true } },
  ResourceLogs: { 1: { name: "resource", kind: m("Resource") }, 2: { name: "scopeLogs", kind: m("ScopeLogs"), repeated: true }, 3: { name: "schemaUrl", kind: "string" } },
  ScopeLogs: { 1: { name: "scope", kind: m("InstrumentationScope") }, 2: { name: "logRecords", kind: m("LogRecord"), repeated: true }, 3: { name: "schemaUrl", kind: "string" } },
  LogRecord: {
    1: { name: "timeUnixNano", kind: "fixed64" },
    11: { name: "observedTimeUnixNano", kind: "fixed64" },
    2: { name: "severityNumber", kind: "uint32" },
    3: { name: "severityText", kind: "string" },
    5: { name: "body", kind: m("AnyValue") },
    6: { name: "attributes", kind: m("KeyValue"), repeated: true },
    7: { name: "droppedAttributesCount", kind: "uint32" },
    8: { name: "flags", kind: "fixed32" },
    9: { name: "traceId", kind: "bytes" },
    10: { name: "spanId", kind: "bytes" },
    12: { name: "eventName", kind: "string" },
  },
  ExportMetricsServiceRequest: { 1: { name: "resourceMetrics", kind: m("ResourceMetrics"), repeated: true } },
  ResourceMetrics: { 1: { name: "resource", kind: m("Resource") }, 2: { name: "scopeMetrics", kind: m("ScopeMetrics"), repeated: true }, 3: { name: "schemaUrl", kind: "string" } },
  ScopeMetrics: { 1: { name: "scope", kind: m("InstrumentationScope") }, 2: { name: "metrics", kind: m("Metric"), repeated: true }, 3: { name: "schemaUrl", kind: "string" } },
  Metric: {
    1: { name: "name", kind: "string" },
    2: { name: "description", kind: "string" },
    3: { name: "unit", kind: "string" },
    5: { name: "gauge", kind: m("Gauge") },
    7: { name: "sum", kind: m("Sum") },
  },
  Gauge: { 1: { name: "dataPoints", kind: m("NumberDataPoint"), repeated: true } },
  Sum: { 1: { name: "dataPoints", kind: m("NumberDataPoint"), repeated: true }, 2: { name: "aggregationTemporality", kind: "uint32" }, 3: { name: "isMonotonic", kind: "bool" } },
  NumberDataPoint: {
    7: { name: "attributes", kind: m("KeyValue"), repeated: true },
    2: { name: "startTimeUnixNano", kind: "fixed64" },
    3: { name: "timeUnixNano", kind: "fixed64" },
    4: { name: "asDouble", kind: "double" },
    6: { name: "asInt", kind: "sfixed64" },
    8: { name: "flags", kind: "uint32" },
  },
  Resource: { 1: { name: "attributes", kind: m("KeyValue"), repeated: true }, 2: { name: "droppedAttributesCount", kind: "uint32" } },
  InstrumentationScope: { 1: { name: "name", kind: "string" }, 2: { name: "version", kind: "string" }, 3: { name: "attributes", kind: m("KeyValue"), repeated: true } },
  KeyValue: { 1: { name: "key", kind: "string" }, 2: { name: "value", kind: m("AnyValue") } },
  AnyValue: {
    1: { name: "stringValue", kind: "string" },
    2: { name: "boolValue", kind: "bool" },
    3: { name: "intValue", kind: "int64" },
    4: { name: "doubleValue", kind: "double" },
    5: { name: "arrayValue", kind: m("ArrayValue") },
    6: { name: "kvlistValue", kind: m("KeyValueList") },
    7: { name: "bytesValue", kind: "bytes" },
  },
  ArrayValue: { 1: { name: "values", kind: m("AnyValue"), repeated: true } },
  KeyValueList: { 1: { name: "values", kind: m("KeyValue"), repeated: true } },
};

const WIRE_OF: Record<TKind, number> = { string: 2, bytes: 2, bool: 0, int64: 0, uint32: 0, fixed64: 1, sfixed64: 1, fixed32: 5, double: 1 };
const MAX_DEPTH = 32;
const utf8 = new TextDecoder("utf-8", { fatal: true });

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new OtlpProtobufError("truncated varint");
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new OtlpProtobufError("varint longer than 10 bytes");
  }

  take(n: number): number {
    if (n < 0 || this.pos + n > this.end) throw new OtlpProtobufError("field runs past the end of its message");
    const at = this.pos;
    this.pos += n;
    return at;
  }
}

function decodeMessage(schemaName: string, buf: Buffer, start: number, end: number, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new OtlpProtobufError("messages nest too deeply");
  const schema = SCHEMAS[schemaName]!;
  const out: Record<string, unknown> = {};
  const r = new Reader(buf, start, end);
  while (r.pos < end) {
    const tag = r.varint();
    const fieldNo = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (fieldNo === 0) throw new OtlpProtobufError("field number 0 is invalid");
    const field = schema[fieldNo];
    const expected = field ? (typeof field.kind === "string" ? WIRE_OF[field.kind] : 2) : undefined;
    if (!field || expected !== wire) {
      skip(r, wire);
      continue;
    }
    let value: unknown;
    if (typeof field.kind !== "string") {
      const len = Number(r.varint());
      const at = r.take(len);
      value = decodeMessage(field.kind.message, buf, at, at + len, depth + 1);
    } else {
      value = readScalar(r, field.kind);
    }
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else out[field.name] = value;
  }
  return out;
}

function readScalar(r: Reader, kind: TKind): unknown {
  switch (kind) {
    case "string": {
      const len = Number(r.varint());
      const at = r.take(len);
      try {
        return utf8.decode(r.buf.subarray(at, at + len));
      } catch {
        throw new OtlpProtobufError("a string field is not valid UTF-8");
      }
    }
    case "bytes": {
      const len = Number(r.varint());
      const at = r.take(len);
      return r.buf.subarray(at, at + len).toString("base64");
    }
    case "bool":
      return r.varint() !== 0n;
    case "int64":
      return BigInt.asIntN(64, r.varint()).toString();
    case "uint32":
      return Number(BigInt.asUintN(32, r.varint()));
    case "fixed64":
      return r.buf.readBigUInt64LE(r.take(8)).toString();
    case "sfixed64":
      return r.buf.readBigInt64LE(r.take(8)).toString();
    case "fixed32":
      return r.buf.readUInt32LE(r.take(4));
    case "double":
      return r.buf.readDoubleLE(r.take(8));
  }
}

function skip(r: Reader, wire: number): void {
  if (wire === 0) r.varint();
  else if (wire === 1) r.take(8);
  else if (wire === 2) r.take(Number(r.varint()));
  else if (wire === 5) r.take(4);
  else throw new OtlpProtobufError(`unsupported wire type ${wire}`);
}

/** Decodes a binary OTLP export request of the signal; throws OtlpProtobufError when the bytes are not one. */
export function decodeOtlpProtobuf(opts: { signal: "logs" | "metrics"; bytes: Uint8Array }): Record<string, unknown> {
  const buf = Buffer.from(opts.bytes.buffer, opts.bytes.byteOffset, opts.bytes.byteLength);
  const root = opts.signal === "logs" ? "ExportLogsServiceRequest" : "ExportMetricsServiceRequest";
  const decoded = decodeMessage(root, buf, 0, buf.length, 0);
  const list = opts.signal === "logs" ? "resourceLogs" : "resourceMetrics";
  decoded[list] ??= [];
  return decoded;
}
