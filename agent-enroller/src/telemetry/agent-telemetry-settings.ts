/**
 * Each agent's own documented settings that send its OpenTelemetry to the enroller's loopback receiver
 * (./otlp-receiver.ts), as OTLP/HTTP JSON:
 * - Claude Code (https://code.claude.com/docs/en/monitoring-usage): `CLAUDE_CODE_ENABLE_TELEMETRY=1`,
 *   `OTEL_LOGS_EXPORTER=otlp`, `OTEL_METRICS_EXPORTER=otlp`, `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`,
 *   `OTEL_EXPORTER_OTLP_ENDPOINT=<receiver>` (the SDK appends /v1/logs and /v1/metrics). These go in the `env`
 *   block of managed settings (or the agent's environment).
 * - Codex (openai/codex docs/config.md, "otel"): `[otel] exporter = { otlp-http = { endpoint = "<receiver>/v1/logs",
 *   protocol = "json" } }` in config.toml (Codex exports log events only).
 */
export function buildClaudeTelemetryEnv(opts: { receiverUrl: string; metricsIntervalMs?: number; logsIntervalMs?: number }): Record<string, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_ENDPOINT: opts.receiverUrl,
    ...(opts.metricsIntervalMs ? { OTEL_METRIC_EXPORT_INTERVAL: String(opts.metricsIntervalMs) } : {}),
    ...(opts.logsIntervalMs ? { OTEL_LOGS_EXPORT_INTERVAL: String(opts.logsIntervalMs) } : {}),
  };
}

function tomlString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The `[otel]` table for Codex's config.toml. */
export function buildCodexTelemetryConfig(opts: { receiverUrl: string; environment?: string }): string {
  return [
    "[otel]",
    ...(opts.environment ? [`environment = ${tomlString(opts.environment)}`] : []),
    `exporter = { otlp-http = { endpoint = ${tomlString(`${opts.receiverUrl}/v1/logs`)}, protocol = "json" } }`,
    "",
  ].join("\n");
}
