/** Explorer reads: a page of events (keyset on time, id), a capped count, and a histogram. */
import { z } from "zod";
import type { TEvent } from "@/server/contracts/events";
import { countEvents, eventHistogram, selectEvents } from "@/server/db/events";
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { compileEventFilter, type TEventFilter } from "./event-filter";
import { rowToEvent } from "./event-row";

export const MAX_PAGE_SIZE = 500;

/** Opaque page cursor: base64url of `<iso time>|<uuid>`. */
export function encodeEventCursor(event: { time: string; id: string }): string {
  return Buffer.from(`${event.time}|${event.id}`).toString("base64url");
}

export function decodeEventCursor(cursor: string): { time: Date; id: string } {
  const [time, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(time ?? "");
  if (!id || Number.isNaN(date.getTime()) || !z.uuid().safeParse(id).success) throw new AppError("BAD_REQUEST", "cursor is not one this API returned");
  return { time: date, id };
}

export async function queryEvents({
  scope,
  filter,
  limit = 100,
  cursor,
}: {
  scope: Pick<TTenantScope, "tenantId">;
  filter: TEventFilter;
  limit?: number;
  cursor?: string;
}): Promise<{ events: TEvent[]; nextCursor: string | null }> {
  const size = Math.min(Math.max(1, limit), MAX_PAGE_SIZE);
  const rows = await selectEvents({ tenantId: scope.tenantId, filter: compileEventFilter(filter), limit: size + 1, after: cursor ? decodeEventCursor(cursor) : undefined });
  const events = rows.slice(0, size).map(rowToEvent);
  const last = events[events.length - 1];
  return { events, nextCursor: rows.length > size && last ? encodeEventCursor(last) : null };
}

export async function getEvent({ scope, id }: { scope: Pick<TTenantScope, "tenantId">; id: string }): Promise<TEvent> {
  if (!z.uuid().safeParse(id).success) throw new AppError("NOT_FOUND", "Event not found");
  const rows = await selectEvents({ tenantId: scope.tenantId, filter: compileEventFilter({ id }), limit: 1 });
  if (!rows[0]) throw new AppError("NOT_FOUND", "Event not found");
  return rowToEvent(rows[0]);
}

export async function countMatchingEvents({ scope, filter, cap }: { scope: Pick<TTenantScope, "tenantId">; filter: TEventFilter; cap?: number }) {
  return countEvents({ tenantId: scope.tenantId, filter: compileEventFilter(filter), cap });
}

const BUCKET_STEPS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400];

/** Picks a bucket width giving at most `buckets` bars over the range. */
export function histogramBucketSeconds({ from, to, buckets = 60 }: { from: Date; to: Date; buckets?: number }): number {
  const span = Math.max(1, (to.getTime() - from.getTime()) / 1000);
  return BUCKET_STEPS.find((step) => span / step <= buckets) ?? BUCKET_STEPS[BUCKET_STEPS.length - 1]!;
}

export async function getEventHistogram({
  scope,
  filter,
  buckets = 60,
  now = new Date(),
}: {
  scope: Pick<TTenantScope, "tenantId">;
  filter: TEventFilter;
  buckets?: number;
  now?: Date;
}): Promise<{ bucketSeconds: number; points: { time: string; info: number; low: number; medium: number; high: number; critical: number; total: number }[] }> {
  const from = filter.from ? new Date(filter.from) : new Date(now.getTime() - 24 * 3600 * 1000);
  const to = filter.to ? new Date(filter.to) : now;
  const bucketSeconds = histogramBucketSeconds({ from, to, buckets });
  const rows = await eventHistogram({ tenantId: scope.tenantId, filter: compileEventFilter({ ...filter, from: from.toISOString(), to: to.toISOString() }), bucketSeconds });
  const byBucket = new Map<number, { time: string; info: number; low: number; medium: number; high: number; critical: number; total: number }>();
  // Empty buckets are kept so the chart's time axis is continuous.
  const start = Math.floor(from.getTime() / 1000 / bucketSeconds) * bucketSeconds;
  for (let t = start; t * 1000 < to.getTime(); t += bucketSeconds) {
    byBucket.set(t, { time: new Date(t * 1000).toISOString(), info: 0, low: 0, medium: 0, high: 0, critical: 0, total: 0 });
  }
  for (const row of rows) {
    const t = Math.round(row.bucket.getTime() / 1000);
    const point = byBucket.get(t) ?? { time: row.bucket.toISOString(), info: 0, low: 0, medium: 0, high: 0, critical: 0, total: 0 };
    const severity = row.severity as "info" | "low" | "medium" | "high" | "critical";
    if (severity in point) point[severity] += row.count;
    point.total += row.count;
    byBucket.set(t, point);
  }
  return { bucketSeconds, points: [...byBucket.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p) };
}
