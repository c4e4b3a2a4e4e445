/**
 * Splunk HTTP Event Collector, JSON event endpoint (Splunk docs: "Format events for HTTP Event
 * Collector", "HTTP Event Collector REST API endpoints", "Troubleshoot HTTP Event Collector").
 * - POST <base>/services/collector/event with `Authorization: Splunk <token>`.
 * - Body: event objects `{ time, host, source, sourcetype, index, fields, event }`, several
 *   per request, concatenated (we separate them with newlines).
 * - Answer: `{ "text": "Success", "code": 0 }`; codes 8 (internal error) and 9 (server busy)
 *   are worth retrying, token and data errors (1-7, 10-16) are not.
 */
import type { TEvent } from "@/server/contracts/events";
import { httpFailure, invalidInput, networkFailure, transportFailure, type TTransportResult } from "./transport-result";

export type THecEvent = {
  /** Epoch seconds, fractions allowed. */
  time?: number;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  fields?: Record<string, string | string[]>;
  event: unknown;
};

const HEC_EVENT_PATH = "/services/collector/event";
const RETRYABLE_HEC_CODES = new Set([8, 9]);

export function hecEndpoint(url: string): URL {
  const target = new URL(url);
  if (!target.pathname.endsWith(HEC_EVENT_PATH)) target.pathname = `${target.pathname.replace(/\/+$/, "")}${HEC_EVENT_PATH}`;
  return target;
}

/** Wrap one formatted payload (OCSF, ECS, CEF line...) in a HEC envelope for a canonical event. */
export function hecEventFor({ event, payload, sourcetype, index }: { event: TEvent; payload: unknown; sourcetype: string; index?: string }): THecEvent {
  return {
    time: Date.parse(event.time) / 1000,
    host: event.device.hostname ?? "marshal",
    source: "marshal",
    sourcetype,
    ...(index ? { index } : {}),
    fields: { tenant_id: event.tenantId, event_type: event.type },
    event: payload,
  };
}

export type TSendSplunkHecOptions = {
  /** HEC base URL (https://splunk.example.com:8088) or the full event endpoint. */
  url: string;
  token: string;
  events: THecEvent[];
  timeoutMs?: number;
};

export async function sendSplunkHec({ url, token, events, timeoutMs = 10_000 }: TSendSplunkHecOptions): Promise<TTransportResult> {
  let target: URL;
  try {
    target = hecEndpoint(url);
  } catch {
    return invalidInput(`not a URL: ${url}`);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") return invalidInput(`HEC URL must be http(s), got ${target.protocol}`);
  if (!token || /\s/.test(token)) return invalidInput("HEC token is empty or has whitespace");
  if (!Array.isArray(events) || events.length === 0) return invalidInput("no events to send");
  const missing = events.findIndex((e) => !e || e.event === undefined || e.event === null || e.event === "");
  if (missing >= 0) return invalidInput(`event ${missing} has no event field`);
  const body = events.map((e) => JSON.stringify(e)).join("\n");
  try {
    const response = await fetch(target, {
      method: "POST",
      headers: { authorization: `Splunk ${token}`, "content-type": "application/json", "user-agent": "Marshal-HEC/1" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text().catch(() => "");
    let answer: { text?: string; code?: number } = {};
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      // Not every proxy in front of Splunk answers JSON.
    }
    if (response.ok && (answer.code === undefined || answer.code === 0)) return { ok: true, status: response.status };
    const message = `Splunk HEC answered ${response.status}${answer.code !== undefined ? ` code ${answer.code}` : ""}: ${answer.text ?? text.slice(0, 200)}`;
    if (answer.code !== undefined && RETRYABLE_HEC_CODES.has(answer.code)) {
      return transportFailure({ kind: "http", status: response.status, message, retryable: true });
    }
    if (response.ok) return transportFailure({ kind: "rejected", status: response.status, message, retryable: false });
    return httpFailure({ status: response.status, message, retryAfter: response.headers.get("retry-after") });
  } catch (error) {
    return networkFailure(error);
  }
}
