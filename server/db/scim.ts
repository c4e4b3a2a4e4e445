/**
 * SCIM bearer tokens resolve their tenant here: a cross-tenant lookup by the token's hash
 * (the only unscoped access SCIM needs). The caller then works through forTenant(tenantId).
 */
import { rootDb } from "./client";
import { devicesPool } from "./devices";

export type TScimTokenCaller = { id: string; tenantId: string; tenantSlug: string; name: string };

/** Last-used time is written at most once a minute per token, so a busy IdP does not write on every call. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** Prisma keeps DateTime as UTC in `timestamp(3)` columns: pass instants as UTC wall-clock text. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "");
}

/**
 * The token behind a SCIM request, by the sha256 of its secret; null when unknown or revoked. Runs on every SCIM
 * request, so it is ONE prepared statement on the hot-path pg pool (no Prisma: its query compilation cost more
 * than the round trip), which also stamps lastUsedAt when the last stamp is over a minute old.
 * Nothing is cached: a revoked token is refused on its very next request, on every console node.
 */
export async function resolveScimTokenByHash(hash: string): Promise<TScimTokenCaller | null> {
  const now = new Date();
  const { rows } = await devicesPool().query<TScimTokenCaller & { revoked: boolean }>({
    name: "marshal_resolve_scim_token",
    text: `WITH tok AS (
             SELECT s."id", s."tenantId", s."name", s."revokedAt", s."lastUsedAt", t."slug"
             FROM "ScimToken" s JOIN "Tenant" t ON t."id" = s."tenantId" WHERE s."hash" = $1
           ), touched AS (
             UPDATE "ScimToken" SET "lastUsedAt" = $2::timestamp(3)
             WHERE "id" IN (SELECT "id" FROM tok WHERE "revokedAt" IS NULL AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $3::timestamp(3)))
             RETURNING 1
           )
           SELECT "id", "tenantId", "name", "slug" AS "tenantSlug", ("revokedAt" IS NOT NULL) AS "revoked", (SELECT count(*) FROM touched) AS "touched" FROM tok`,
    values: [hash, utcTimestamp(now), utcTimestamp(new Date(now.getTime() - LAST_USED_GRANULARITY_MS))],
  });
  const row = rows[0];
  if (!row || row.revoked) return null;
  return { id: row.id, tenantId: row.tenantId, tenantSlug: row.tenantSlug, name: row.name };
}

export type TScimRequestLogRow = {
  id: string;
  tenantId: string;
  tokenId: string | null;
  method: string;
  path: string;
  status: number;
  scimType: string | null;
  durationMs: number;
  at: Date;
};

/** One multi-row insert for a batch of SCIM request log rows (of any tenants: the batch is per process). */
export async function insertScimRequestLogRows(rows: TScimRequestLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await rootDb().scimRequestLog.createMany({ data: rows, skipDuplicates: true });
}

/** Drops request log rows older than the cutoff, for every tenant. */
export async function pruneScimRequestLog(cutoff: Date): Promise<number> {
  const { count } = await rootDb().scimRequestLog.deleteMany({ where: { at: { lt: cutoff } } });
  return count;
}
