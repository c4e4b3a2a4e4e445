/**
 * SIEM delivery's SQL. A sink is delivered by whoever holds its row lock (SELECT ... FOR UPDATE
 * SKIP LOCKED) for the whole read -> send -> advance-cursor step: two workers never send the same
 * sink's batch concurrently, and if the process dies mid-send the transaction aborts, the lock is
 * released and the cursor is where it was (the batch is sent again: at-least-once, de-duplicated
 * at the receiver by event id).
 *
 * Events are walked in ingest order (ingestXid, id), only below the current snapshot's xmin:
 * every transaction that could still add a row with a smaller xid has finished, so a cursor never
 * passes an event that commits later (event time is not commit order; devices send late).
 */
import type pg from "pg";
import { eventsPool, mapEventRow, type TEventFilterSql, type TEventRow, EVENT_COLUMNS } from "./events";

export type TSinkCursor = { xid: string; id: string };

export type TLockedSink = {
  id: string;
  tenantId: string;
  name: string;
  format: string;
  transport: string;
  config: Record<string, unknown>;
  secretCiphertext: string | null;
  eventTypes: string[];
  minSeverity: string;
  enabled: boolean;
  status: string;
  cursor: TSinkCursor | null;
  consecutiveFailures: number;
};

const SINK_COLUMNS = `"id", "tenantId", "name", "format", "transport", "config", "secretCiphertext", "eventTypes", "minSeverity", "enabled", "status", "cursorXid", "cursorId", "consecutiveFailures"`;

function mapSink(row: Record<string, unknown>): TLockedSink {
  return {
    id: row.id as string,
    tenantId: row.tenantId as string,
    name: row.name as string,
    format: row.format as string,
    transport: row.transport as string,
    config: (row.config ?? {}) as Record<string, unknown>,
    secretCiphertext: (row.secretCiphertext as string | null) ?? null,
    eventTypes: (row.eventTypes as string[] | null) ?? [],
    minSeverity: row.minSeverity as string,
    enabled: row.enabled as boolean,
    status: row.status as string,
    cursor: row.cursorXid && row.cursorId ? { xid: row.cursorXid as string, id: row.cursorId as string } : null,
    consecutiveFailures: Number(row.consecutiveFailures ?? 0),
  };
}

/**
 * Runs `fn` holding the sink's row lock in one transaction; commits what `fn` wrote with the
 * given client. Returns `{ locked: false }` when another worker holds it (or it does not exist).
 */
export async function withLockedSink<T>({ sinkId, fn }: { sinkId: string; fn: (ctx: { client: pg.PoolClient; sink: TLockedSink }) => Promise<T> }): Promise<{ locked: false } | { locked: true; value: T }> {
  const client = await eventsPool().connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await client.query(`SELECT ${SINK_COLUMNS} FROM "EventSink" WHERE "id" = $1 FOR UPDATE SKIP LOCKED`, [sinkId]);
    const row = result.rows[0];
    if (!row) {
      await client.query("ROLLBACK");
      return { locked: false };
    }
    try {
      const value = await fn({ client, sink: mapSink(row) });
      await client.query("COMMIT");
      return { locked: true, value };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

/** The cursor a new sink starts from: everything ingested from now on (in-flight transactions included). */
export async function currentIngestHorizon(): Promise<TSinkCursor> {
  const result = await eventsPool().query<{ xmin: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`);
  return { xid: result.rows[0]!.xmin, id: "00000000-0000-0000-0000-000000000000" };
}

const SELECT_LIST = Object.keys(EVENT_COLUMNS)
  .map((c) => `"${c}"`)
  .join(", ");

/** The next events for a sink after its cursor, in ingest order, below the snapshot horizon. */
export async function selectEventsForDelivery({
  client,
  tenantId,
  filter,
  after,
  limit,
}: {
  client: pg.PoolClient;
  tenantId: string;
  filter: TEventFilterSql;
  after: TSinkCursor | null;
  limit: number;
}): Promise<(TEventRow & { ingestXid: string })[]> {
  const values: unknown[] = [tenantId, ...filter.values];
  const conditions = [`"tenantId" = $1`, ...filter.conditions, `"ingestXid" < pg_snapshot_xmin(pg_current_snapshot())`];
  if (after) {
    values.push(after.xid, after.id);
    conditions.push(`("ingestXid", "id") > ($${values.length - 1}::xid8, $${values.length}::uuid)`);
  }
  values.push(limit);
  const result = await client.query(
    `SELECT ${SELECT_LIST}, "ingestXid"::text AS "ingestXid" FROM "Event" WHERE ${conditions.join(" AND ")}
     ORDER BY "ingestXid", "id" LIMIT $${values.length}`,
    values,
  );
  return result.rows.map((raw: Record<string, unknown>) => ({ ...mapEventRow(raw), ingestXid: raw.ingestXid as string }));
}

/** After the receiver acknowledged: move the cursor, count, clear the failure state. */
export async function saveSinkProgress({ client, sinkId, cursor, delivered }: { client: pg.PoolClient; sinkId: string; cursor: TSinkCursor; delivered: number }) {
  await client.query(
    `UPDATE "EventSink" SET "cursorXid" = $2, "cursorId" = $3::uuid, "deliveredCount" = "deliveredCount" + $4,
       "status" = 'ok', "consecutiveFailures" = 0, "lastError" = NULL, "lastAttemptAt" = now(), "lastSuccessAt" = now(), "updatedAt" = now()
     WHERE "id" = $1`,
    [sinkId, cursor.xid, cursor.id, delivered],
  );
}

export async function saveSinkFailure({ client, sinkId, error, status }: { client: pg.PoolClient; sinkId: string; error: string; status: "retrying" | "paused" }) {
  await client.query(
    `UPDATE "EventSink" SET "status" = $2, "lastError" = $3, "consecutiveFailures" = "consecutiveFailures" + 1, "lastAttemptAt" = now(), "updatedAt" = now() WHERE "id" = $1`,
    [sinkId, status, error.slice(0, 2000)],
  );
}

/** Records a refused batch and moves the cursor past it, in the caller's transaction. */
export async function deadLetterBatch({
  client,
  sink,
  rows,
  cursor,
  error,
}: {
  client: pg.PoolClient;
  sink: TLockedSink;
  rows: { id: string; time: Date }[];
  cursor: TSinkCursor;
  error: string;
}) {
  const times = rows.map((r) => r.time.getTime());
  await client.query(
    `INSERT INTO "EventSinkDeadLetter" ("id", "tenantId", "sinkId", "fromTime", "toTime", "eventIds", "eventCount", "error", "createdAt")
     VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5::uuid[], $6, $7, now())`,
    [sink.tenantId, sink.id, new Date(Math.min(...times)), new Date(Math.max(...times)), rows.map((r) => r.id), rows.length, error.slice(0, 2000)],
  );
  await client.query(
    `UPDATE "EventSink" SET "cursorXid" = $2, "cursorId" = $3::uuid, "status" = 'ok', "consecutiveFailures" = 0, "lastError" = $4, "lastAttemptAt" = now(), "updatedAt" = now() WHERE "id" = $1`,
    [sink.id, cursor.xid, cursor.id, `dead-lettered ${rows.length} events: ${error}`.slice(0, 2000)],
  );
}

/** How many events wait for a sink (its backlog), capped. */
export async function countSinkBacklog({ tenantId, filter, after, cap = 100_000 }: { tenantId: string; filter: TEventFilterSql; after: TSinkCursor | null; cap?: number }): Promise<{ count: number; capped: boolean }> {
  const values: unknown[] = [tenantId, ...filter.values];
  const conditions = [`"tenantId" = $1`, ...filter.conditions];
  if (after) {
    values.push(after.xid, after.id);
    conditions.push(`("ingestXid", "id") > ($${values.length - 1}::xid8, $${values.length}::uuid)`);
  }
  values.push(cap + 1);
  const result = await eventsPool().query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM "Event" WHERE ${conditions.join(" AND ")} LIMIT $${values.length}) s`, values);
  const n = Number(result.rows[0]?.n ?? 0);
  return { count: Math.min(n, cap), capped: n > cap };
}

/** Enabled, not paused sinks: the sweep job enqueues a delivery for each. */
export async function listDeliverableSinkIds({ tenantId }: { tenantId?: string } = {}): Promise<string[]> {
  const result = await eventsPool().query<{ id: string }>(
    `SELECT "id" FROM "EventSink" WHERE "enabled" AND "status" <> 'paused' ${tenantId ? `AND "tenantId" = $1` : ""}`,
    tenantId ? [tenantId] : [],
  );
  return result.rows.map((r) => r.id);
}

// ---- replays -----------------------------------------------------------------------------------

export type TLockedReplay = {
  id: string;
  tenantId: string;
  sinkId: string;
  fromTime: Date;
  toTime: Date;
  cursor: { time: Date; id: string } | null;
  status: string;
};

export async function withLockedReplay<T>({ replayId, fn }: { replayId: string; fn: (ctx: { client: pg.PoolClient; replay: TLockedReplay }) => Promise<T> }): Promise<{ locked: false } | { locked: true; value: T }> {
  const client = await eventsPool().connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await client.query(
      `SELECT "id", "tenantId", "sinkId", "fromTime", "toTime", "cursorTime", "cursorId", "status" FROM "EventSinkReplay" WHERE "id" = $1 FOR UPDATE SKIP LOCKED`,
      [replayId],
    );
    const row = result.rows[0] as Record<string, unknown> | undefined;
    if (!row) {
      await client.query("ROLLBACK");
      return { locked: false };
    }
    const replay: TLockedReplay = {
      id: row.id as string,
      tenantId: row.tenantId as string,
      sinkId: row.sinkId as string,
      fromTime: row.fromTime as Date,
      toTime: row.toTime as Date,
      cursor: row.cursorTime && row.cursorId ? { time: row.cursorTime as Date, id: row.cursorId as string } : null,
      status: row.status as string,
    };
    try {
      const value = await fn({ client, replay });
      await client.query("COMMIT");
      return { locked: true, value };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

export async function saveReplayProgress({
  client,
  replayId,
  cursor,
  sent,
  status,
  error,
}: {
  client: pg.PoolClient;
  replayId: string;
  cursor?: { time: Date; id: string };
  sent: number;
  status: "running" | "done" | "failed";
  error?: string | null;
}) {
  await client.query(
    `UPDATE "EventSinkReplay" SET "cursorTime" = COALESCE($2, "cursorTime"), "cursorId" = COALESCE($3::uuid, "cursorId"), "sentCount" = "sentCount" + $4,
       "status" = $5, "lastError" = $6, "finishedAt" = CASE WHEN $5 IN ('done', 'failed') THEN now() ELSE NULL END WHERE "id" = $1`,
    [replayId, cursor?.time ?? null, cursor?.id ?? null, sent, status, error ?? null],
  );
}

/** The sink row for a replay (without locking the sink: replays do not touch the live cursor). */
export async function loadSink({ client, sinkId }: { client: pg.PoolClient; sinkId: string }): Promise<TLockedSink | null> {
  const result = await client.query(`SELECT ${SINK_COLUMNS} FROM "EventSink" WHERE "id" = $1`, [sinkId]);
  return result.rows[0] ? mapSink(result.rows[0]) : null;
}

export async function selectEventsByIds({ client, tenantId, ids }: { client: pg.PoolClient; tenantId: string; ids: string[] }): Promise<TEventRow[]> {
  const result = await client.query(`SELECT ${SELECT_LIST} FROM "Event" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[]) ORDER BY "time", "id"`, [tenantId, ids]);
  return result.rows.map(mapEventRow);
}

// ---- sink secrets (server/modules/events/sinks/sink-secret.ts upgradeSinkSecrets) -------------

/** Every sink that holds a secret, of all tenants or one (for re-sealing / KEK re-wrap; ciphertexts only). */
export async function listSinkSecretCiphertexts({ tenantId }: { tenantId?: string } = {}): Promise<{ id: string; tenantId: string; secretCiphertext: string }[]> {
  const result = await eventsPool().query<{ id: string; tenantId: string; secretCiphertext: string }>(
    `SELECT "id", "tenantId", "secretCiphertext" FROM "EventSink" WHERE "secretCiphertext" IS NOT NULL AND ($1::text IS NULL OR "tenantId" = $1) ORDER BY "id"`,
    [tenantId ?? null],
  );
  return result.rows;
}

/** Compare-and-set of one sink's secret ciphertext: false when it changed meanwhile (rotated by an admin). */
export async function replaceSinkSecretCiphertext({ sinkId, from, to }: { sinkId: string; from: string; to: string }): Promise<boolean> {
  const result = await eventsPool().query(`UPDATE "EventSink" SET "secretCiphertext" = $3 WHERE "id" = $1 AND "secretCiphertext" = $2`, [sinkId, from, to]);
  return (result.rowCount ?? 0) === 1;
}
