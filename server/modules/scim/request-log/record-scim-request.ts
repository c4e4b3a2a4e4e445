/**
 * One row per SCIM request a tenant's token made: method, path (query included, truncated), status,
 * scimType, duration. Never a body, a header or a token.
 *
 * Rows are buffered in memory and written in one multi-row insert every FLUSH_MS (or at
 * FLUSH_ROWS), so logging costs a request no database round trip. Trade-off: a process that dies
 * loses at most the last FLUSH_MS of log rows (the changes themselves are in the audit trail).
 * Rows older than the retention are pruned now and then by the same writer, so the table stays
 * bounded without a job.
 */
import { insertScimRequestLogRows, pruneScimRequestLog, type TScimRequestLogRow } from "@/server/db/scim";

export const SCIM_REQUEST_LOG_RETENTION_DAYS = 30;
const MAX_PATH_LENGTH = 500;
const FLUSH_MS = 250;
const FLUSH_ROWS = 500;
const MAX_BUFFERED = 20_000;
const PRUNE_EVERY_FLUSHES = 2_000;

let buffer: TScimRequestLogRow[] = [];
let timer: NodeJS.Timeout | undefined;
let flushing: Promise<void> = Promise.resolve();
let flushes = 0;

export function recordScimRequest(opts: {
  tenantId: string;
  id: string;
  tokenId: string;
  method: string;
  path: string;
  status: number;
  scimType?: string;
  durationMs: number;
  at: Date;
}): void {
  if (buffer.length >= MAX_BUFFERED) return; // the database is not keeping up: shed log rows, never requests
  buffer.push({
    id: opts.id,
    tenantId: opts.tenantId,
    tokenId: opts.tokenId,
    method: opts.method.slice(0, 10),
    path: opts.path.length > MAX_PATH_LENGTH ? `${opts.path.slice(0, MAX_PATH_LENGTH - 1)}…` : opts.path,
    status: opts.status,
    scimType: opts.scimType ?? null,
    durationMs: Math.max(0, Math.round(opts.durationMs)),
    at: opts.at,
  });
  if (buffer.length >= FLUSH_ROWS) void flushScimRequestLog();
  else if (!timer) {
    timer = setTimeout(() => void flushScimRequestLog(), FLUSH_MS);
    timer.unref();
  }
}

/** Writes every buffered row; resolves when they are stored. Tests call it before reading the log. */
export function flushScimRequestLog(): Promise<void> {
  if (timer) {
    clearTimeout(timer);
    timer = undefined;
  }
  const rows = buffer;
  buffer = [];
  flushing = flushing.then(async () => {
    try {
      await insertScimRequestLogRows(rows);
      if (++flushes % PRUNE_EVERY_FLUSHES === 0) {
        await pruneScimRequestLog(new Date(Date.now() - SCIM_REQUEST_LOG_RETENTION_DAYS * 24 * 3600 * 1000));
      }
    } catch (error) {
      console.error(`[scim] could not write ${rows.length} request log rows`, error);
    }
  });
  return flushing;
}

process.once("beforeExit", () => void flushScimRequestLog());
