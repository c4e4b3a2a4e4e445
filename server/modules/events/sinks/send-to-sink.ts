/**
 * One batch of canonical events -> one transport call, in the sink's format.
 * Every payload carries the event id (OCSF metadata.uid, ECS event.id, CEF externalId, OTLP
 * attribute event.id, syslog SD event_id): receivers de-duplicate on it. Webhook batches also
 * carry an Idempotency-Key header (sink + first and last event id of the batch).
 */
import { createHash } from "node:crypto";
import type { TEvent } from "@/server/contracts/events";
import { toCef } from "../formats/to-cef";
import { toEcs } from "../formats/to-ecs";
import { toOcsf } from "../formats/to-ocsf";
import { toOtlpLogs } from "../formats/to-otlp-logs";
import { hecEventFor, sendSplunkHec } from "../transports/send-splunk-hec";
import { sendSyslog } from "../transports/send-syslog";
import { syslogMessageFor } from "../transports/format-syslog-message";
import { sendWebhook } from "../transports/send-webhook";
import { invalidInput, type TTransportResult } from "../transports/transport-result";
import { ZSplunkHecConfig, ZSyslogConfig, ZWebhookConfig, type TSinkFormat } from "./sink-config";

export type TSinkTarget = { id: string; format: string; transport: string; config: Record<string, unknown>; secret: string | null };

/** One event in the sink's format: an object (JSON formats) or a string (CEF). */
export function formatEvent({ format, event }: { format: TSinkFormat; event: TEvent }): unknown {
  switch (format) {
    case "ocsf":
      return toOcsf({ event });
    case "ecs":
      return toEcs({ event });
    case "cef":
      return toCef({ event });
    case "otlp_logs":
      return toOtlpLogs({ events: [event] }).resourceLogs[0]?.scopeLogs[0]?.logRecords[0];
  }
}

export function batchIdempotencyKey({ sinkId, events }: { sinkId: string; events: TEvent[] }): string {
  return createHash("sha256").update(`${sinkId}|${events[0]?.id}|${events[events.length - 1]?.id}|${events.length}`).digest("hex").slice(0, 32);
}

const SOURCETYPE: Record<TSinkFormat, string> = { ocsf: "marshal:ocsf", ecs: "marshal:ecs", cef: "marshal:cef", otlp_logs: "marshal:otlp" };

export async function sendToSink({ sink, events, timeoutMs }: { sink: TSinkTarget; events: TEvent[]; timeoutMs?: number }): Promise<TTransportResult> {
  if (events.length === 0) return { ok: true };
  const format = sink.format as TSinkFormat;
  if (!(format in SOURCETYPE)) return invalidInput(`unknown format ${sink.format}`);
  switch (sink.transport) {
    case "webhook": {
      const config = ZWebhookConfig.safeParse(sink.config);
      if (!config.success || !sink.secret) return invalidInput("webhook sink is missing its URL or secret");
      const body =
        format === "otlp_logs"
          ? toOtlpLogs({ events }) // an OTLP/HTTP JSON ExportLogsServiceRequest, as a collector's /v1/logs expects
          : { format, events: events.map((event) => formatEvent({ format, event })) };
      return sendWebhook({ url: config.data.url, secret: sink.secret, body, timeoutMs, headers: { "idempotency-key": batchIdempotencyKey({ sinkId: sink.id, events }) } });
    }
    case "splunk_hec": {
      const config = ZSplunkHecConfig.safeParse(sink.config);
      if (!config.success || !sink.secret) return invalidInput("Splunk HEC sink is missing its URL or token");
      const hecEvents = events.map((event) =>
        hecEventFor({ event, payload: formatEvent({ format, event }), sourcetype: config.data.sourcetype ?? SOURCETYPE[format], index: config.data.index }),
      );
      return sendSplunkHec({ url: config.data.url, token: sink.secret, events: hecEvents, timeoutMs });
    }
    case "syslog": {
      const config = ZSyslogConfig.safeParse(sink.config);
      if (!config.success) return invalidInput("syslog sink is missing host or port");
      const messages = events.map((event) => {
        const payload = formatEvent({ format, event });
        return syslogMessageFor({ event, payload: typeof payload === "string" ? payload : JSON.stringify(payload) });
      });
      const tls = config.data.tls ? (config.data.caPem || config.data.servername ? { ca: config.data.caPem, servername: config.data.servername } : true) : false;
      return sendSyslog({ host: config.data.host, port: config.data.port, tls, messages, timeoutMs });
    }
    default:
      return invalidInput(`unknown transport ${sink.transport}`);
  }
}
