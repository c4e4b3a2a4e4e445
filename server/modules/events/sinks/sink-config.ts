/**
 * What an admin configures for a SIEM sink: a format (how each event is written) and a transport
 * (how batches travel). Secrets are write-only: accepted here, encrypted, never returned.
 */
import { z } from "zod";
import { ZEventSeverity } from "@/server/contracts/events";
import { MIN_WEBHOOK_SECRET_LENGTH } from "../transports/send-webhook";

export const ZSinkFormat = z.enum(["ocsf", "ecs", "cef", "otlp_logs"]);
export type TSinkFormat = z.infer<typeof ZSinkFormat>;
export const ZSinkTransportKind = z.enum(["webhook", "splunk_hec", "syslog"]);
export type TSinkTransportKind = z.infer<typeof ZSinkTransportKind>;

const ZHttpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048);

export const ZWebhookConfig = z.strictObject({ url: ZHttpUrl });
export const ZSplunkHecConfig = z.strictObject({
  url: ZHttpUrl,
  index: z.string().trim().min(1).max(80).optional(),
  sourcetype: z.string().trim().min(1).max(80).optional(),
});
export const ZSyslogConfig = z.strictObject({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean().default(true),
  /** PEM CA bundle to trust for a collector with a private CA. */
  caPem: z.string().max(64_000).optional(),
  servername: z.string().trim().min(1).max(253).optional(),
});

const common = {
  name: z.string().trim().min(1, "Name is required").max(80),
  format: ZSinkFormat,
  eventTypes: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  minSeverity: ZEventSeverity.default("info"),
  enabled: z.boolean().default(true),
};

export const ZCreateEventSinkInput = z.discriminatedUnion("transport", [
  z.strictObject({ ...common, transport: z.literal("webhook"), config: ZWebhookConfig, secret: z.string().min(MIN_WEBHOOK_SECRET_LENGTH, `the signing secret needs at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`).max(512) }),
  z.strictObject({ ...common, transport: z.literal("splunk_hec"), config: ZSplunkHecConfig, secret: z.string().min(1, "the HEC token is required").max(512) }),
  z.strictObject({ ...common, transport: z.literal("syslog"), config: ZSyslogConfig, secret: z.undefined().optional() }),
]);
export type TCreateEventSinkInput = z.input<typeof ZCreateEventSinkInput>;

export const ZUpdateEventSinkInput = z.strictObject({
  id: z.string().min(1).max(64),
  name: common.name.optional(),
  enabled: z.boolean().optional(),
  eventTypes: common.eventTypes.optional(),
  minSeverity: ZEventSeverity.optional(),
  /** Replaces the transport settings (validated against the sink's transport). */
  config: z.record(z.string(), z.unknown()).optional(),
  /** Rotates the secret. */
  secret: z.string().min(1).max(512).optional(),
  /** Un-pauses a sink paused by a non-retryable refusal (after fixing its token, say). */
  resume: z.boolean().optional(),
});

export function configSchemaFor(transport: TSinkTransportKind) {
  return transport === "webhook" ? ZWebhookConfig : transport === "splunk_hec" ? ZSplunkHecConfig : ZSyslogConfig;
}
