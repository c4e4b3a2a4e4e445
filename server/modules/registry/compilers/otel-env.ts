import type { TTelemetryPolicy } from "@/server/contracts/agent-policy";

/**
 * Standard OpenTelemetry exporter variables (OpenTelemetry SDK environment variable spec:
 * OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_METRICS_EXPORTER,
 * OTEL_LOGS_EXPORTER), as Claude Code documents them at
 * https://code.claude.com/docs/en/monitoring-usage#common-configuration-variables.
 * Empty when telemetry is off.
 */
export function buildOtelEnv({ telemetry }: { telemetry: TTelemetryPolicy }): Record<string, string> {
  if (!telemetry.enabled || telemetry.otlpEndpoint === undefined) return {};
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: telemetry.otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: telemetry.protocol,
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_METRICS_EXPORTER: "otlp",
  };
}
