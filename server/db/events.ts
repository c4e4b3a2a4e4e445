/**
 * The event store's SQL: the only place raw SQL touches "Event" (see prisma/schema.prisma, the
 * "Events" section, and the hand-edited migration that partitions the table by day on "time").
 *
 * - insertEventRows: one multi-row INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING per
 *   chunk (never one commit per event); idempotent on (tenantId, key, time).
 * - ensureEventPartitions / createEventPartitionsAhead / dropEventPartitionsBefore: partition DDL.
 * - selectEvents / countEvents / eventHistogram: explorer queries compiled from TEventFilterSql;
 *   every statement starts with `"tenantId" = $1` (the tenant comes from the caller's scope).
 * - deleteTenantEventsBefore: per-tenant retention inside shared partitions.
 *
 * It uses its own small pg pool (bulk parameters and partition DDL do not fit Prisma's raw API well).
 */
import pg from "pg";

type TPool = pg.Pool;
const globalForEvents = globalThis as unknown as { __marshalEventsPool?: TPool };

/** Lazily created so importing this module never needs a database. */
export function eventsPool(): TPool {
  if (!globalForEvents.__marshalEventsPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.MARSHAL_EVENTS_POOL_SIZE ?? 6) });
    pool.on("error", (error) => console.error("[events] idle pool client error", error.message));
    globalForEvents.__marshalEventsPool = pool;
  }
  return globalForEvents.__marshalEventsPool;
}

export async function closeEventsPool(): Promise<void> {
  const pool = globalForEvents.__marshalEventsPool;
  globalForEvents.__marshalEventsPool = undefined;
  if (pool) await pool.end();
}

// ---- rows ------------------------------------------------------------------------------------

/** A stored event, column for column. */
export type TEventRow = {
  id: string;
  time: Date;
  tenantId: string;
  key: string;
  type: string;
  category: string;
  severity: string;
  receivedAt: Date;
  actorIdentityId: string | null;
  actorProductSlug: string | null;
  actorProductVersion: string | null;
  actorMemberId: string | null;
  actorEmail: string | null;
  personId: string | null;
  personUserName: string | null;
  deviceId: string | null;
  deviceHostname: string | null;
  intent: string | null;
  target: string | null;
  params: Record<string, unknown> | null;
  outcome: string;
  costUsd: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  tokensCacheRead: number | null;
  tokensCacheWrite: number | null;
  sessionId: string | null;
  revocationId: string | null;
  rolloutId: string | null;
  requestId: string | null;
};

/** Column name -> Postgres array type used in the unnest() insert. Order is the insert order. */
export const EVENT_COLUMNS = {
  id: "uuid",
  time: "timestamptz",
  tenantId: "text",
  key: "text",
  type: "text",
  category: "text",
  severity: "text",
  receivedAt: "timestamptz",
  actorIdentityId: "text",
  actorProductSlug: "text",
  actorProductVersion: "text",
  actorMemberId: "text",
  actorEmail: "text",
  personId: "text",
  personUserName: "text",
  deviceId: "text",
  deviceHostname: "text",
  intent: "text",
  target: "text",
  params: "jsonb",
  outcome: "text",
  costUsd: "float8",
  tokensIn: "int8",
  tokensOut: "int8",
  tokensCacheRead: "int8",
  tokensCacheWrite: "int8",
  sessionId: "text",
  revocationId: "text",
  rolloutId: "text",
  requestId: "text",
} as const satisfies Record<keyof TEventRow, string>;

type TColumn = keyof typeof EVENT_COLUMNS;
const COLUMN_NAMES = Object.keys(EVENT_COLUMNS) as TColumn[];
const SELECT_LIST = COLUMN_NAMES.map((c) => `"${c}"`).join(", ");

function toInt(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(value);
}

export function mapEventRow(raw: Record<string, unknown>): TEventRow {
  return {
    ...(raw as TEventRow),
    costUsd: raw.costUsd === null ? null : Number(raw.costUsd),
    tokensIn: toInt(raw.tokensIn),
    tokensOut: toInt(raw.tokensOut),
    tokensCacheRead: toInt(raw.tokensCacheRead),
    tokensCacheWrite: toInt(raw.tokensCacheWrite),
  };
}

// ---- partitions ------------------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;
const knownPartitions = new Set<string>();

export function partitionNameFor(day: Date): string {
  return `Event_p${day.toISOString().slice(0, 10).replace(/-/g, "")}`;
}

function utcDayStart(time: Date): Date {
  return new Date(Math.floor(time.getTime() / DAY_MS) * DAY_MS);
}

/** Makes sure a daily partition exists for every UTC day among `times` (cached per process). */
export async function ensureEventPartitions({ times, client }: { times: Date[]; client?: pg.PoolClient }): Promise<void> {
  const days = new Map<string, Date>();
  const dayNumbers = new Set<number>();
  for (const time of times) dayNumbers.add(Math.floor(time.getTime() / DAY_MS));
  for (const dayNumber of dayNumbers) {
    const day = new Date(dayNumber * DAY_MS);
    const name = partitionNameFor(day);
    if (!knownPartitions.has(name)) days.set(name, day);
  }
  if (days.size === 0) return;
  const own = client ? undefined : await eventsPool().connect();
  const c = client ?? own!;
  try {
    for (const [name, day] of days) {
      const existing = await c.query(`SELECT 1 FROM pg_class WHERE relname = $1 AND relkind = 'r'`, [name]);
      if (existing.rowCount === 0) {
        await c.query("BEGIN");
        try {
          // Serialise partition creation between nodes (two CREATE ... PARTITION OF for one day would race).
          await c.query(`SELECT pg_advisory_xact_lock(hashtext('marshal.event-partitions'))`);
          const from = day.toISOString();
          const to = new Date(day.getTime() + DAY_MS).toISOString();
          await c.query(`CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "Event" FOR VALUES FROM ('${from}') TO ('${to}')`);
          await c.query("COMMIT");
        } catch (error) {
          await c.query("ROLLBACK");
          throw error;
        }
      }
      knownPartitions.add(name);
    }
  } finally {
    own?.release();
  }
}

/** Creates the partitions for today and the next `days` days (run by the events.maintain job). */
export async function createEventPartitionsAhead({ now = new Date(), days = 7 }: { now?: Date; days?: number } = {}): Promise<string[]> {
  const times = Array.from({ length: days + 1 }, (_, i) => new Date(now.getTime() + i * DAY_MS));
  await ensureEventPartitions({ times });
  return times.map((t) => partitionNameFor(utcDayStart(t)));
}

export type TEventPartition = { name: string; from: Date; to: Date };

export async function listEventPartitions(): Promise<TEventPartition[]> {
  const result = await eventsPool().query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'Event' ORDER BY c.relname`,
  );
  return result.rows
    .map(({ name }) => {
      const match = /^Event_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!match) return undefined;
      const from = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00.000Z`);
      return { name, from, to: new Date(from.getTime() + DAY_MS) };
    })
    .filter((p): p is TEventPartition => Boolean(p));
}

/** Drops every daily partition whose whole day ends at or before `before` (all tenants' rows in it). */
export async function dropEventPartitionsBefore({ before }: { before: Date }): Promise<string[]> {
  const dropped: string[] = [];
  for (const partition of await listEventPartitions()) {
    if (partition.to.getTime() > before.getTime()) continue;
    await eventsPool().query(`DROP TABLE IF EXISTS "${partition.name}"`);
    knownPartitions.delete(partition.name);
    dropped.push(partition.name);
  }
  return dropped;
}

/** Deletes one tenant's events older than `before`, in chunks so no transaction grows unbounded. */
export async function deleteTenantEventsBefore({ tenantId, before, chunk = 10_000 }: { tenantId: string; before: Date; chunk?: number }): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await eventsPool().query(
      `DELETE FROM "Event" WHERE ("id", "time") IN (
         SELECT "id", "time" FROM "Event" WHERE "tenantId" = $1 AND "time" < $2 LIMIT $3)`,
      [tenantId, before, chunk],
    );
    total += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < chunk) return total;
  }
}

/** Every tenant with its event retention setting (settings.eventRetentionDays), for the retention job. */
export async function listTenantEventRetention(): Promise<{ tenantId: string; retentionDays: unknown }[]> {
  const result = await eventsPool().query<{ tenantId: string; retentionDays: unknown }>(
    `SELECT "id" AS "tenantId", "settings"->'eventRetentionDays' AS "retentionDays" FROM "Tenant"`,
  );
  return result.rows;
}

// ---- insert ----------------------------------------------------------------------------------

/** Rows per INSERT statement: keeps the parameter arrays and the statement's memory bounded. */
export const INSERT_CHUNK_ROWS = 5_000;

/**
 * Inserts rows (all of one tenant or several) idempotently. Returns the keys actually inserted;
 * a row whose (tenantId, key, time) already exists is skipped, not an error.
 */
export async function insertEventRows({
  rows,
  returnIds = true,
}: {
  rows: TEventRow[];
  /** false: only count what was inserted (device ingest needs no ids; saves the RETURNING rows). */
  returnIds?: boolean;
}): Promise<{ inserted: { tenantId: string; key: string; id: string }[]; insertedCount: number }> {
  if (rows.length === 0) return { inserted: [], insertedCount: 0 };
  await ensureEventPartitions({ times: rows.map((r) => r.time) });
  const unnest = COLUMN_NAMES.map((c, i) => (EVENT_COLUMNS[c] === "jsonb" ? `$${i + 1}::text[]` : `$${i + 1}::${EVENT_COLUMNS[c]}[]`)).join(", ");
  const selectList = COLUMN_NAMES.map((c) => (EVENT_COLUMNS[c] === "jsonb" ? `"${c}"::jsonb` : `"${c}"`)).join(", ");
  const sql = `INSERT INTO "Event" (${SELECT_LIST})
    SELECT ${selectList} FROM unnest(${unnest}) AS t(${SELECT_LIST})
    ON CONFLICT ("tenantId", "key", "time") DO NOTHING${returnIds ? `
    RETURNING "tenantId", "key", "id"` : ""}`;
  const inserted: { tenantId: string; key: string; id: string }[] = [];
  let insertedCount = 0;
  for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
    const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
    const params = COLUMN_NAMES.map((c) =>
      chunk.map((row) => {
        const value = row[c];
        if (value === null || value === undefined) return null;
        if (c === "params") return JSON.stringify(value);
        // ISO text is what timestamptz reads; pg's own Date formatting (local time, per value) is much slower.
        if (value instanceof Date) return value.toISOString();
        return value;
      }),
    );
    try {
      const result = await eventsPool().query<{ tenantId: string; key: string; id: string }>(sql, params);
      inserted.push(...result.rows);
      insertedCount += result.rowCount ?? 0;
    } catch (error) {
      // A partition dropped by another node since we cached it: forget the cache and retry once.
      if ((error as { code?: string }).code === "23514" || /no partition of relation/i.test(String((error as Error).message))) {
        knownPartitions.clear();
        await ensureEventPartitions({ times: chunk.map((r) => r.time) });
        const result = await eventsPool().query<{ tenantId: string; key: string; id: string }>(sql, params);
        inserted.push(...result.rows);
        insertedCount += result.rowCount ?? 0;
      } else {
        throw error;
      }
    }
  }
  return { inserted, insertedCount };
}

// ---- queries ---------------------------------------------------------------------------------

/**
 * A filter already compiled by server/modules/events/compile-event-filter.ts: SQL conditions
 * over "Event" columns using placeholders `$2`, `$3`, ... (`$1` is always the tenant), plus values.
 */
export type TEventFilterSql = { conditions: string[]; values: unknown[] };

export type TEventCursor = { time: Date; id: string };

function whereClause(filter: TEventFilterSql): string {
  return [`"tenantId" = $1`, ...filter.conditions].join(" AND ");
}

/**
 * Newest first (or oldest first with `order: "asc"`), keyset-paginated on (time, id).
 * `after` means "strictly after in the chosen order".
 */
export async function selectEvents({
  tenantId,
  filter,
  limit,
  order = "desc",
  after,
  client,
}: {
  tenantId: string;
  filter: TEventFilterSql;
  limit: number;
  order?: "asc" | "desc";
  after?: TEventCursor;
  client?: pg.PoolClient;
}): Promise<TEventRow[]> {
  const values: unknown[] = [tenantId, ...filter.values];
  let where = whereClause(filter);
  if (after) {
    values.push(after.time, after.id);
    const a = values.length - 1;
    where += ` AND ("time", "id") ${order === "desc" ? "<" : ">"} ($${a}::timestamptz, $${a + 1}::uuid)`;
  }
  values.push(limit);
  const dir = order === "desc" ? "DESC" : "ASC";
  const sql = `SELECT ${SELECT_LIST} FROM "Event" WHERE ${where} ORDER BY "time" ${dir}, "id" ${dir} LIMIT $${values.length}`;
  const result = await (client ?? eventsPool()).query(sql, values);
  return result.rows.map(mapEventRow);
}

/** Exact count, capped: counting stops at `cap` so a huge range stays cheap. */
export async function countEvents({ tenantId, filter, cap = 1_000_000 }: { tenantId: string; filter: TEventFilterSql; cap?: number }): Promise<{ count: number; capped: boolean }> {
  const values = [tenantId, ...filter.values, cap + 1];
  const result = await eventsPool().query<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM "Event" WHERE ${whereClause(filter)} LIMIT $${values.length}) s`,
    values,
  );
  const n = Number(result.rows[0]?.n ?? 0);
  return { count: Math.min(n, cap), capped: n > cap };
}

/** Counts per time bucket (date_bin with an origin at the epoch), split by severity. */
export async function eventHistogram({
  tenantId,
  filter,
  bucketSeconds,
}: {
  tenantId: string;
  filter: TEventFilterSql;
  bucketSeconds: number;
}): Promise<{ bucket: Date; severity: string; count: number }[]> {
  const values = [tenantId, ...filter.values, `${Math.max(1, Math.round(bucketSeconds))} seconds`];
  const result = await eventsPool().query<{ bucket: Date; severity: string; n: string }>(
    `SELECT date_bin($${values.length}::interval, "time", TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket, "severity", count(*) AS n
     FROM "Event" WHERE ${whereClause(filter)} GROUP BY 1, 2 ORDER BY 1`,
    values,
  );
  return result.rows.map((r) => ({ bucket: r.bucket, severity: r.severity, count: Number(r.n) }));
}

/** How many events of the tenant come after a cursor (a sink's backlog), capped. */
export async function countEventsAfter({ tenantId, filter, after, cap = 1_000_000 }: { tenantId: string; filter: TEventFilterSql; after: TEventCursor | null; cap?: number }): Promise<{ count: number; capped: boolean }> {
  if (!after) return countEvents({ tenantId, filter, cap });
  const n = filter.values.length;
  return countEvents({
    tenantId,
    cap,
    filter: { conditions: [...filter.conditions, `("time", "id") > ($${n + 2}::timestamptz, $${n + 3}::uuid)`], values: [...filter.values, after.time, after.id] },
  });
}

// ---- benchmark support -----------------------------------------------------------------------

/**
 * Bulk-loads synthetic events for one tenant inside the database (INSERT ... SELECT over
 * generate_series: no client round trips, faster than COPY from the client). For benchmarks only.
 */
export async function bulkLoadSyntheticEvents({ tenantId, count, from, to }: { tenantId: string; count: number; from: Date; to: Date }): Promise<void> {
  const days: Date[] = [];
  for (let t = from.getTime(); t <= to.getTime() + DAY_MS; t += DAY_MS) days.push(new Date(t));
  await ensureEventPartitions({ times: days });
  const span = (to.getTime() - from.getTime()) / 1000;
  const chunk = 1_000_000;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    await eventsPool().query(
      `INSERT INTO "Event" ("id", "time", "tenantId", "key", "type", "category", "severity", "receivedAt", "actorIdentityId", "actorProductSlug",
         "personUserName", "deviceId", "deviceHostname", "intent", "target", "outcome", "sessionId", "params")
       SELECT gen_random_uuid(), $2::timestamptz + (random() * $3) * interval '1 second', $1, 'bulk:' || ($4 + g), 
         (ARRAY['agent.tool_call','agent.model_request','policy.applied','process.blocked','quota.hit'])[1 + g % 5],
         (ARRAY['agent','agent','policy','enforcement','usage'])[1 + g % 5],
         (ARRAY['info','info','info','high','medium'])[1 + g % 5], now(), 'ident-' || (g % 2000), 'claude-code',
         'user' || (g % 1000) || '@example.com', 'dev-' || (g % 5000), 'host-' || (g % 5000),
         (ARRAY['Bash','Edit','Read','WebFetch'])[1 + g % 4], '/repo/' || (g % 300) || '/src/file' || (g % 97) || '.ts',
         (ARRAY['allowed','allowed','denied','success','error'])[1 + g % 5], 'sess-' || (g / 50), jsonb_build_object('n', g % 10)
       FROM generate_series(1, $5::int) AS g
       ON CONFLICT DO NOTHING`,
      [tenantId, from, span, start, n],
    );
  }
  await eventsPool().query(`ANALYZE "Event"`);
}
