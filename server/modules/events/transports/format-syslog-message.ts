/**
 * RFC 5424 syslog messages:
 *   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [SP MSG]
 * PRI = facility * 8 + severity; "-" is the NILVALUE; header fields are printable US-ASCII
 * with the RFC's length limits; SD-PARAM values escape `"`, `\` and `]` (RFC 5424 §6.3.3).
 * MSG is sent as UTF-8 without a BOM (the RFC's MSG-ANY form).
 */
import type { TEvent, TEventSeverity } from "@/server/contracts/events";

/** RFC 5424 severities: 2 critical, 3 error, 4 warning, 5 notice, 6 informational. */
export const SYSLOG_SEVERITY: Record<TEventSeverity, number> = { info: 6, low: 5, medium: 4, high: 3, critical: 2 };
/** Facility 13: "log audit". */
export const SYSLOG_FACILITY_LOG_AUDIT = 13;

export type TSyslogMessage = {
  facility?: number;
  severity: number;
  /** ISO time; written with millisecond precision in UTC. */
  timestamp?: string;
  hostname?: string;
  appName?: string;
  procId?: string;
  msgId?: string;
  structuredData?: Record<string, Record<string, string>>;
  message?: string;
};

function headerField(value: string | undefined, max: number): string {
  if (!value) return "-";
  const ascii = value.replace(/[^\x21-\x7e]/g, "_").slice(0, max);
  return ascii.length ? ascii : "-";
}

function sdName(value: string): string {
  return value.replace(/[^\x21-\x7e]|[= \]"]/g, "_").slice(0, 32) || "_";
}

function sdValue(value: string): string {
  return value.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

export function formatSyslogMessage(message: TSyslogMessage): string {
  const facility = message.facility ?? SYSLOG_FACILITY_LOG_AUDIT;
  if (!Number.isInteger(facility) || facility < 0 || facility > 23) throw new RangeError("syslog facility must be 0..23");
  if (!Number.isInteger(message.severity) || message.severity < 0 || message.severity > 7) throw new RangeError("syslog severity must be 0..7");
  const time = message.timestamp ? new Date(Date.parse(message.timestamp)).toISOString() : "-";
  if (time === "Invalid Date") throw new RangeError(`not an ISO time: ${message.timestamp}`);
  const sd = message.structuredData && Object.keys(message.structuredData).length
    ? Object.entries(message.structuredData)
        .map(([id, params]) => `[${sdName(id)}${Object.entries(params).map(([k, v]) => ` ${sdName(k)}="${sdValue(v)}"`).join("")}]`)
        .join("")
    : "-";
  const header = `<${facility * 8 + message.severity}>1 ${time} ${headerField(message.hostname, 255)} ${headerField(message.appName, 48)} ${headerField(message.procId, 128)} ${headerField(message.msgId, 32)} ${sd}`;
  return message.message ? `${header} ${message.message}` : header;
}

/** A syslog message for one canonical event carrying an already formatted payload (CEF line, JSON...). */
export function syslogMessageFor({ event, payload, hostname = "marshal" }: { event: TEvent; payload: string; hostname?: string }): string {
  return formatSyslogMessage({
    severity: SYSLOG_SEVERITY[event.severity],
    timestamp: event.time,
    hostname,
    appName: "marshal",
    msgId: event.type,
    // SD-ID under 32473, the enterprise number RFC 5612 reserves for documentation, until Marshal has its own.
    structuredData: { "marshal@32473": { tenant: event.tenantId, event_id: event.id } },
    message: payload.replace(/\r?\n/g, " "),
  });
}
