/**
 * Cross-tenant device credential lookups: a device request names only its device id (JWT `kid`), an
 * enrollment request only its token. Both resolve their tenant here, next to the unscoped client; the caller
 * then works through forTenant(tenantId) like everyone else. The nonce table is not tenant data either.
 *
 * The check-in hot path (device lookup, nonce, touch + pending commands) is plain SQL on a small pg pool of its
 * own: it runs ~1,000 times a second, and one round trip per step keeps it cheap. Tenant-scoped statements
 * take the tenant id from the authenticated device and start with `"tenantId" = $1`.
 */
import pg from "pg";
import { rootDb } from "./client";
import { createMicroBatcher, type TMicroBatcher } from "./create-micro-batcher";

type TPool = pg.Pool;

/** Prisma keeps DateTime as UTC in `timestamp(3)` columns: pass instants as UTC wall-clock text, whatever the process TZ. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "");
}
const globalForDevices = globalThis as unknown as { __marshalDevicesPool?: TPool; __marshalDevicesAsyncPool?: TPool };

/** Lazily created so importing this module never needs a database. */
export function devicesPool(): TPool {
  if (!globalForDevices.__marshalDevicesPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.MARSHAL_DEVICE_POOL_SIZE ?? 10) });
    pool.on("error", (error) => console.error("[devices] idle pool client error", error.message));
    globalForDevices.__marshalDevicesPool = pool;
  }
  return globalForDevices.__marshalDevicesPool;
}

/**
 * The check-in bookkeeping pool: its sessions commit with synchronous_commit=off (PostgreSQL "asynchronous
 * commit"), so a check-in does not wait for a WAL flush. A database crash can lose the last fraction of a second
 * of lastCheckinAt updates and "sent" marks, which the next check-in rewrites (commands are delivered at least
 * once anyway). Nonces stay on the durable pool: a lost nonce would reopen a replay window.
 */
function devicesAsyncPool(): TPool {
  if (!globalForDevices.__marshalDevicesAsyncPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.MARSHAL_DEVICE_POOL_SIZE ?? 10), options: "-c synchronous_commit=off" });
    pool.on("error", (error) => console.error("[devices] idle pool client error", error.message));
    globalForDevices.__marshalDevicesAsyncPool = pool;
  }
  return globalForDevices.__marshalDevicesAsyncPool;
}

export async function closeDevicesPool(): Promise<void> {
  const pools = [globalForDevices.__marshalDevicesPool, globalForDevices.__marshalDevicesAsyncPool];
  globalForDevices.__marshalDevicesPool = undefined;
  globalForDevices.__marshalDevicesAsyncPool = undefined;
  for (const pool of pools) if (pool) await pool.end();
}

export type TDeviceCredential = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  tenantSettings: unknown;
  ring: "dev" | "staging" | "prod";
  ownerPersonId: string | null;
  hostname: string;
  publicKey: string | null;
  status: string;
  inventoryHash: string | null;
  lastInventoryAt: Date | null;
};

/** The device a request claims to come from (by JWT `kid`), with what request authentication needs. One query. */
export async function resolveDeviceById(options: { deviceId: string }): Promise<TDeviceCredential | null> {
  const { rows } = await devicesPool().query<Omit<TDeviceCredential, "tenantSettings"> & { tenantSettings: unknown }>({
    name: "marshal_resolve_device",
    text: `SELECT d."id", d."tenantId", t."slug" AS "tenantSlug", t."settings" AS "tenantSettings", d."ring"::text AS "ring",
                  d."ownerPersonId", d."hostname", d."publicKey", d."status", d."inventoryHash", d."lastInventoryAt" AT TIME ZONE 'UTC' AS "lastInventoryAt"
           FROM "Device" d JOIN "Tenant" t ON t."id" = d."tenantId" WHERE d."id" = $1`,
    values: [options.deviceId],
  });
  return rows[0] ?? null;
}

/** Deletes nonces whose token has expired (they can no longer be replayed: the JWT's exp refuses them). */
export async function purgeExpiredDeviceNonces(options: { now?: Date } = {}): Promise<number> {
  const res = await rootDb().deviceNonce.deleteMany({ where: { expiresAt: { lt: options.now ?? new Date() } } });
  return res.count;
}

export type TEnrollmentTokenCredential = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  tenantSettings: unknown;
  name: string;
  ring: "dev" | "staging" | "prod";
  ownerPersonId: string | null;
  maxUses: number;
  uses: number;
  expiresAt: Date;
  revokedAt: Date | null;
};

/** An enrollment token by the sha256 of its secret, whatever its state (the caller explains why it is refused). */
export async function resolveEnrollmentTokenByHash(options: { tokenHash: string }): Promise<TEnrollmentTokenCredential | null> {
  const { rows } = await devicesPool().query<TEnrollmentTokenCredential>({
    name: "marshal_resolve_enrollment_token",
    text: `SELECT e."id", e."tenantId", t."slug" AS "tenantSlug", t."settings" AS "tenantSettings", e."name", e."ring"::text AS "ring",
                  e."ownerPersonId", e."maxUses", e."uses", e."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", e."revokedAt" AT TIME ZONE 'UTC' AS "revokedAt"
           FROM "EnrollmentToken" e JOIN "Tenant" t ON t."id" = e."tenantId" WHERE e."tokenHash" = $1`,
    values: [options.tokenHash],
  });
  return rows[0] ?? null;
}

/** The global agent catalog (not tenant data): upserts one AgentProduct row per catalog entry. */
export async function upsertAgentProducts(options: { products: { slug: string; displayName: string; vendor: string; signature: object }[] }): Promise<number> {
  const db = rootDb();
  await db.$transaction(
    options.products.map((p) =>
      db.agentProduct.upsert({
        where: { slug: p.slug },
        create: { slug: p.slug, displayName: p.displayName, vendor: p.vendor, signature: p.signature },
        update: { displayName: p.displayName, vendor: p.vendor, signature: p.signature },
      }),
    ),
  );
  return options.products.length;
}

/**
 * New agent installations per UTC day since `since`, for one tenant (the Overview chart). Raw SQL because the
 * grouping is by day; scoped by the explicit tenantId and served by the (tenantId, firstSeenAt) index.
 */
export async function countNewInstallationsPerDay(options: { tenantId: string; since: Date }): Promise<{ day: string; count: number }[]> {
  const rows = await rootDb().$queryRaw<{ day: string; count: bigint }[]>`
    SELECT to_char(date_trunc('day', "firstSeenAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS count
    FROM "Installation"
    WHERE "tenantId" = ${options.tenantId} AND "firstSeenAt" >= ${options.since}
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
}

export type TCheckinTouch = {
  /** Open commands (pending or delivered-but-unfinished), oldest first; they are marked sent (sentAt, attempts). */
  commands: { id: string; type: string; payload: unknown; createdAt: Date }[];
  /** The policy bundle version last sent to the device (newest apply-policy command not superseded), or null. */
  policyVersion: string | null;
};

/**
 * One check-in's bookkeeping in one statement: the device's lastCheckinAt (and enroller version), optionally the
 * installations' lastSeenAt, the open commands for the device (marked sent, like
 * server/modules/commands/list-pending-commands.ts does), and the applied policy version.
 */
export async function touchDeviceCheckin(options: {
  tenantId: string;
  deviceId: string;
  now: Date;
  enrollerVersion: string;
  refreshInstallationsSeen: boolean;
  openStatuses: readonly string[];
  limit?: number;
}): Promise<TCheckinTouch> {
  const { rows } = await devicesAsyncPool().query<{ policyVersion: string | null; commands: { id: string; type: string; payload: unknown; createdAt: string }[] }>({
    name: "marshal_touch_checkin",
    text: `WITH touched AS (
             UPDATE "Device" SET "lastCheckinAt" = $3::timestamp(3), "enrollerVersion" = $4, "updatedAt" = $3,
                    "lastInventoryAt" = CASE WHEN $5::boolean THEN $3 ELSE "lastInventoryAt" END
             WHERE "tenantId" = $1 AND "id" = $2 RETURNING "id"
           ), seen AS (
             UPDATE "Installation" SET "lastSeenAt" = $3 WHERE $5::boolean AND "tenantId" = $1 AND "deviceId" = $2 RETURNING 1
           ), cmds AS (
             UPDATE "DeviceCommand" SET "sentAt" = $3, "attempts" = "attempts" + 1
             WHERE "id" IN (SELECT "id" FROM "DeviceCommand" WHERE "tenantId" = $1 AND "deviceId" = $2 AND "status" = ANY($6::text[])
                            ORDER BY "createdAt" LIMIT $7)
             RETURNING "id", "type", "payload", "createdAt"
           )
           SELECT (SELECT "payload"->>'policyVersion' FROM "DeviceCommand"
                   WHERE "tenantId" = $1 AND "deviceId" = $2 AND "type" = 'apply-policy' AND "status" <> 'superseded'
                   ORDER BY "createdAt" DESC LIMIT 1) AS "policyVersion",
                  COALESCE((SELECT json_agg(json_build_object('id', "id", 'type', "type", 'payload', "payload", 'createdAt', "createdAt") ORDER BY "createdAt") FROM cmds), '[]'::json) AS "commands",
                  (SELECT count(*) FROM touched) AS "touched", (SELECT count(*) FROM seen) AS "seen"`,
    values: [options.tenantId, options.deviceId, utcTimestamp(options.now), options.enrollerVersion, options.refreshInstallationsSeen, [...options.openStatuses], options.limit ?? 100],
  });
  const row = rows[0]!;
  return {
    policyVersion: row.policyVersion && row.policyVersion.length > 0 ? row.policyVersion : null,
    // json_build_object renders timestamp(3) without a zone; the columns hold UTC.
    commands: row.commands.map((c) => ({ ...c, createdAt: new Date(/[Zz]|[+-]\d\d:?\d\d$/.test(c.createdAt) ? c.createdAt : `${c.createdAt}Z`) })),
  };
}

/**
 * The second half of request authentication, once the signature checked out against `publicKey`: confirms the
 * device still has that key and is enrolled, records the nonce (only then), and returns the device. No row: the
 * key was replaced or removed meanwhile. `fresh` false: the nonce was used before (replay).
 * Hot path of every device request: concurrent calls are micro-batched into one multi-row statement
 * (server/db/create-micro-batcher.ts); the primary key (deviceId, jti) still decides, across batches and nodes.
 */
export async function consumeDeviceNonce(options: TNonceRequest): Promise<TNonceResult> {
  nonceBatcher ??= createMicroBatcher({ flush: consumeDeviceNonces, maxBatch: 1000, maxInFlight: Number(process.env.MARSHAL_DEVICE_BATCH_IN_FLIGHT ?? 2) });
  return nonceBatcher.submit(options);
}

type TNonceRequest = { deviceId: string; publicKey: string; jti: string; expiresAt: Date };
type TNonceResult = { fresh: boolean; device: TDeviceCredential } | null;
let nonceBatcher: TMicroBatcher<TNonceRequest, TNonceResult> | undefined;

/**
 * consumeDeviceNonce for many requests in ONE statement. A (deviceId, jti) pair twice in the same batch: the
 * first is the one that counts, the second is a replay. Rows are inserted in key order, so two batches holding
 * the same keys cannot deadlock.
 */
export async function consumeDeviceNonces(requests: TNonceRequest[]): Promise<TNonceResult[]> {
  if (requests.length === 0) return [];
  const firstOf = new Map<string, number>();
  const unique: number[] = [];
  requests.forEach((r, i) => {
    const key = `${r.deviceId}\u0000${r.jti}`;
    if (!firstOf.has(key)) {
      firstOf.set(key, i);
      unique.push(i);
    }
  });
  const { rows } = await devicesPool().query<TDeviceCredential & { i: number; fresh: boolean }>({
    name: "marshal_consume_nonces",
    text: `WITH req AS (
             SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::timestamp(3)[]) AS r("i", "deviceId", "publicKey", "jti", "expiresAt")
           ), d AS (
             SELECT r."i", r."jti", r."expiresAt" AS "nonceExpiresAt", d."id", d."tenantId", t."slug" AS "tenantSlug", t."settings" AS "tenantSettings",
                    d."ring"::text AS "ring", d."ownerPersonId", d."hostname", d."publicKey", d."status", d."inventoryHash",
                    d."lastInventoryAt" AT TIME ZONE 'UTC' AS "lastInventoryAt"
             FROM req r JOIN "Device" d ON d."id" = r."deviceId" AND d."publicKey" = r."publicKey" AND d."status" = 'active'
             JOIN "Tenant" t ON t."id" = d."tenantId"
           ), n AS (
             INSERT INTO "DeviceNonce" ("deviceId", "jti", "expiresAt")
             SELECT "id", "jti", "nonceExpiresAt" FROM d ORDER BY "id", "jti"
             ON CONFLICT DO NOTHING RETURNING "deviceId", "jti"
           )
           SELECT d."i", d."id", d."tenantId", d."tenantSlug", d."tenantSettings", d."ring", d."ownerPersonId", d."hostname", d."publicKey",
                  d."status", d."inventoryHash", d."lastInventoryAt", (n."jti" IS NOT NULL) AS "fresh"
           FROM d LEFT JOIN n ON n."deviceId" = d."id" AND n."jti" = d."jti"`,
    values: [
      unique,
      unique.map((i) => requests[i]!.deviceId),
      unique.map((i) => requests[i]!.publicKey),
      unique.map((i) => requests[i]!.jti),
      unique.map((i) => utcTimestamp(requests[i]!.expiresAt)),
    ],
  });
  const byIndex = new Map<number, TNonceResult>();
  for (const { i, fresh, ...device } of rows) byIndex.set(i, { fresh, device });
  return requests.map((r, i) => {
    const first = firstOf.get(`${r.deviceId}\u0000${r.jti}`)!;
    const result = byIndex.get(first) ?? null;
    return first === i || !result ? result : { fresh: false, device: result.device };
  });
}
