/**
 * CSV / NDJSON export of the events matching a filter, streamed page by page (keyset on time, id)
 * so memory stays flat whatever the size. CSV follows RFC 4180 quoting and neutralises spreadsheet
 * formulas (a cell starting with = + - @ gets a leading apostrophe, per OWASP "CSV Injection").
 */
import type { TEvent } from "@/server/contracts/events";
import { selectEvents } from "@/server/db/events";
import type { TTenantScope } from "../tenant-scope";
import { compileEventFilter, type TEventFilter } from "./event-filter";
import { rowToEvent } from "./event-row";

export type TExportFormat = "csv" | "ndjson";
export const MAX_EXPORT_EVENTS = 5_000_000;

export const CSV_COLUMNS: [string, (e: TEvent) => unknown][] = [
  ["id", (e) => e.id],
  ["time", (e) => e.time],
  ["received_at", (e) => e.receivedAt],
  ["type", (e) => e.type],
  ["severity", (e) => e.severity],
  ["outcome", (e) => e.outcome],
  ["key", (e) => e.key],
  ["actor_identity_id", (e) => e.actor.identityId],
  ["actor_product", (e) => e.actor.productSlug],
  ["actor_product_version", (e) => e.actor.productVersion],
  ["actor_member_id", (e) => e.actor.memberId],
  ["actor_email", (e) => e.actor.email],
  ["person_id", (e) => e.onBehalfOf.personId],
  ["person_user_name", (e) => e.onBehalfOf.userName],
  ["device_id", (e) => e.device.id],
  ["device_hostname", (e) => e.device.hostname],
  ["intent", (e) => e.intent],
  ["target", (e) => e.target],
  ["cost_usd", (e) => e.costUsd],
  ["tokens_in", (e) => e.tokens?.in],
  ["tokens_out", (e) => e.tokens?.out],
  ["tokens_cache_read", (e) => e.tokens?.cacheRead],
  ["tokens_cache_write", (e) => e.tokens?.cacheWrite],
  ["session_id", (e) => e.correlation.sessionId],
  ["revocation_id", (e) => e.correlation.revocationId],
  ["rollout_id", (e) => e.correlation.rolloutId],
  ["request_id", (e) => e.correlation.requestId],
  ["params", (e) => (e.params ? JSON.stringify(e.params) : undefined)],
];

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.map(([name]) => name).join(",")}\r\n`;
}

export function eventToCsvLine(event: TEvent): string {
  return `${CSV_COLUMNS.map(([, get]) => csvCell(get(event))).join(",")}\r\n`;
}

/** Yields text chunks (one per page of up to `pageSize` events), newest first. */
export async function* exportEvents({
  scope,
  filter,
  format,
  pageSize = 2000,
  limit = MAX_EXPORT_EVENTS,
}: {
  scope: Pick<TTenantScope, "tenantId">;
  filter: TEventFilter;
  format: TExportFormat;
  pageSize?: number;
  limit?: number;
}): AsyncGenerator<{ text: string; events: number }> {
  const compiled = compileEventFilter(filter);
  if (format === "csv") yield { text: csvHeader(), events: 0 };
  let after: { time: Date; id: string } | undefined;
  let total = 0;
  while (total < limit) {
    const rows = await selectEvents({ tenantId: scope.tenantId, filter: compiled, limit: Math.min(pageSize, limit - total), after });
    if (rows.length === 0) return;
    const events = rows.map(rowToEvent);
    const text = format === "csv" ? events.map(eventToCsvLine).join("") : events.map((e) => `${JSON.stringify(e)}\n`).join("");
    total += rows.length;
    yield { text, events: rows.length };
    const last = rows[rows.length - 1]!;
    after = { time: last.time, id: last.id };
    if (rows.length < pageSize) return;
  }
}
