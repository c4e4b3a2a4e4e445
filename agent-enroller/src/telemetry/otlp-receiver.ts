/**
 * The enroller's loopback OTLP/HTTP receiver. Agents export their own OpenTelemetry here (see
 * ./agent-telemetry-settings.ts); each export is mapped to Marshal events (server/contracts/otel-events.ts),
 * enriched with the agent identity, person and device (./enrich-telemetry-events.ts) and appended to the event
 * spool, so it rides the normal batch upload (and the offline buffer).
 *
 * Protocol (OTLP specification, "OTLP/HTTP", https://opentelemetry.io/docs/specs/otlp/#otlphttp):
 * - POST /v1/logs (ExportLogsServiceRequest) and POST /v1/metrics (ExportMetricsServiceRequest);
 *   /v1/traces is answered 404 (traces are not events).
 * - Content-Type `application/json` (the protobuf JSON mapping) or `application/x-protobuf` (binary, decoded by
 *   ./decode-otlp-protobuf.ts); `Content-Encoding: gzip` or `deflate` accepted.
 * - Success: 200 with an Export*ServiceResponse, `partialSuccess` naming what was refused. A body that cannot be
 *   read: 400 with a `google.rpc.Status`-shaped JSON body (not retryable). Oversized: 413. Spool failure: 503.
 * Loopback only: it binds 127.0.0.1 and refuses browser requests (an `Origin` header), so a web page cannot post
 * into it (no CORS headers are ever sent, so preflights fail too).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { decodeUtf8Strict, ZDeviceEventInput, type TDeviceEventInput } from "../../../server/contracts/events";
import type { TDeviceEvent } from "../../../server/contracts/device";
import { OtelPayloadError, otelToEvents } from "../../../server/contracts/otel-events";
import { decodeOtlpProtobuf, OtlpProtobufError } from "./decode-otlp-protobuf";
import { enrichTelemetryEvents, type TTelemetryEnrichment } from "./enrich-telemetry-events";

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

export const DEFAULT_OTLP_MAX_BODY_BYTES = 4 * 1024 * 1024;

export type TOtlpReceiverStats = { exports: number; jsonExports: number; protobufExports: number; events: number; skipped: number; refused: number; badRequests: number };

export type TOtlpReceiverOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback address to bind (default 127.0.0.1); anything else is refused. */
  host?: string;
  /** Where events go: the enroller's spool (`spool.append`). */
  appendEvents: (events: TDeviceEvent[]) => Promise<unknown>;
  enrichment: TTelemetryEnrichment;
  /** Largest request body, compressed or not (default 4 MiB). */
  maxBodyBytes?: number;
  now?: () => Date;
  log?: (level: "info" | "warn", message: string) => void;
};

export type OtlpReceiver = {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:4318 */
  url: string;
  port: number;
  stats(): TOtlpReceiverStats;
  close(): Promise<void>;
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

async function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > max) throw new HttpError(413, `request body is larger than ${max} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new HttpError(413, `request body is larger than ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function decompress(body: Buffer, encoding: string | undefined, max: number): Promise<Buffer> {
  const enc = (encoding ?? "identity").trim().toLowerCase();
  try {
    if (enc === "identity" || enc === "") return body;
    if (enc === "gzip") return await gunzip(body, { maxOutputLength: max });
    if (enc === "deflate") return await inflate(body, { maxOutputLength: max });
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new HttpError(413, `decompressed body is larger than ${max} bytes`);
    throw new HttpError(400, `body is not valid ${enc}: ${(err as Error).message}`);
  }
  throw new HttpError(415, `unsupported Content-Encoding "${enc}" (use gzip, deflate or none)`);
}

function parseBody(signal: "logs" | "metrics", body: Buffer, contentType: string): unknown {
  if (contentType === "application/json") {
    let text: string;
    try {
      text = decodeUtf8Strict(body);
    } catch {
      throw new HttpError(400, "body is not valid UTF-8");
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new HttpError(400, "body is not valid JSON");
    }
  }
  if (contentType === "application/x-protobuf") {
    try {
      return decodeOtlpProtobuf({ signal, bytes: body });
    } catch (err) {
      if (err instanceof OtlpProtobufError) throw new HttpError(400, err.message);
      throw err;
    }
  }
  throw new HttpError(415, `unsupported Content-Type "${contentType}" (use application/json or application/x-protobuf)`);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function startOtlpReceiver(opts: TOtlpReceiverOptions): Promise<OtlpReceiver> {
  const host = opts.host ?? "127.0.0.1";
  if (!LOOPBACK.has(host)) throw new Error(`the OTLP receiver binds loopback only (127.0.0.1 or ::1), not ${host}`);
  const max = opts.maxBodyBytes ?? DEFAULT_OTLP_MAX_BODY_BYTES;
  const now = opts.now ?? (() => new Date());
  const stats: TOtlpReceiverStats = { exports: 0, jsonExports: 0, protobufExports: 0, events: 0, skipped: 0, refused: 0, badRequests: 0 };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    const signal = path === "/v1/logs" ? "logs" : path === "/v1/metrics" ? "metrics" : null;
    if (!signal) throw new HttpError(404, `no OTLP endpoint at ${path} (this receiver takes /v1/logs and /v1/metrics)`);
    if (req.method !== "POST") throw new HttpError(405, "OTLP exports are POST requests");
    if (req.headers.origin) throw new HttpError(403, "browser requests are refused");
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    const raw = await readBody(req, max);
    const body = parseBody(signal, await decompress(raw, req.headers["content-encoding"] as string | undefined, max), contentType);
    let mapped;
    try {
      mapped = otelToEvents({ signal, body, now: now() });
    } catch (err) {
      if (err instanceof OtelPayloadError) throw new HttpError(400, err.message);
      throw err;
    }
    const enriched = await enrichTelemetryEvents({ events: mapped.events, enrichment: opts.enrichment });
    const valid: TDeviceEventInput[] = [];
    const problems: string[] = [];
    for (const event of enriched) {
      const parsed = ZDeviceEventInput.safeParse(event);
      if (parsed.success) valid.push(parsed.data);
      else problems.push(`${event.type}: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
    }
    if (valid.length > 0) {
      try {
        await opts.appendEvents(valid as TDeviceEvent[]);
      } catch (err) {
        throw new HttpError(503, `events could not be buffered: ${(err as Error).message}`);
      }
    }
    stats.exports++;
    if (contentType === "application/json") stats.jsonExports++;
    else stats.protobufExports++;
    stats.events += valid.length;
    stats.skipped += mapped.skipped;
    stats.refused += problems.length;
    // ExportLogsServiceResponse / ExportMetricsServiceResponse: partialSuccess only when something was refused.
    const rejectedField = signal === "logs" ? "rejectedLogRecords" : "rejectedDataPoints";
    send(res, 200, problems.length ? { partialSuccess: { [rejectedField]: String(problems.length), errorMessage: problems.slice(0, 5).join("; ") } } : {});
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 400 || status === 413 || status === 415) stats.badRequests++;
      const message = err instanceof Error ? err.message : String(err);
      if (status >= 500) opts.log?.("warn", `OTLP receiver: ${message}`);
      // google.rpc.Status, as the OTLP/HTTP spec asks for failure bodies (code 3 = INVALID_ARGUMENT, 14 = UNAVAILABLE).
      if (!res.headersSent) send(res, status, { code: status === 503 ? 14 : status >= 500 ? 13 : 3, message });
      req.resume();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  opts.log?.("info", `OTLP receiver listening on ${url}`);
  return {
    url,
    port,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
