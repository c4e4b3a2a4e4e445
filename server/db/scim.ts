/**
 * SCIM bearer tokens resolve their tenant here: a cross-tenant lookup by the token's hash
 * (the only unscoped access SCIM needs). The caller then works through forTenant(tenantId).
 */
import type { TGroupMapping, TPersonRecord } from "@/server/modules/scim/scim-records";
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

/*
 * SCIM read hot paths (issue 7: the IdPs' lookups by userName / displayName and reads by id) as plain
 * parameterised SQL on the hot-path pg pool: one round trip per request, emails, groups, manager name and
 * group members aggregated in the same statement. Every statement takes the tenant id as $1 and every table it
 * reads (Person, PersonEmail, GroupMember, Group) is constrained by it. The rows carry the same fields, in the
 * same order (emails by id, groups by group id, members by person id; pages by createdAt then id), as the
 * Prisma reads in server/modules/scim/service (directory-records.ts PERSON_RECORD_INCLUDE / GROUP_RECORD_INCLUDE
 * and render-scim-users.ts), which any other filter still uses.
 * Timestamps: Prisma keeps UTC wall-clock in `timestamp(3)`; `AT TIME ZONE 'UTC'` hands pg a timestamptz.
 * `("tenantId" || '') = $1`: the same tenant check, written so it cannot be an index condition. Where a row is
 * reached by a more selective key (a primary key, personId, groupId) this keeps PostgreSQL from probing the
 * (tenantId, ...) indexes instead — which it did on fresh data before ANALYZE, scanning the whole tenant per row
 * (a 300-member group read cost 8 ms of PostgreSQL CPU that way, 0.9 ms through Prisma).
 */

/** A Person as the SCIM mappers read it (the same record the Prisma path builds), plus what the reads join in. */
export type TScimPersonRow = Omit<TPersonRecord, "phoneNumbers"> & {
  phoneNumbers: unknown;
  groups: Array<{ id: string; displayName: string }>;
  /** The manager Person's displayName ?? userName (deleted or not, as the Prisma path reads it); null when none. */
  managerDisplayName: string | null;
};

export type TScimGroupRow = {
  id: string;
  externalId: string | null;
  displayName: string;
  mapping: TGroupMapping;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Only when asked for (withMembers); null otherwise. */
  members: Array<{ personId: string; display: string }> | null;
};

const PAGE_PERSON_COLUMNS = `p."id", p."externalId", p."userName", p."active", p."givenName", p."familyName", p."formattedName",
  p."displayName", p."nickName", p."title", p."userType", p."preferredLanguage", p."locale", p."timezone", p."department",
  p."costCenter", p."employeeNumber", p."organization", p."division", p."managerId", p."managerExternalRef",
  p."phoneNumbers", p."version", p."createdAt" AT TIME ZONE 'UTC' AS "createdAt", p."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt"`;

/** One person's columns with emails, groups and manager name as per-row subqueries (cheapest for a single row). */
const PERSON_COLUMNS = `${PAGE_PERSON_COLUMNS},
  COALESCE((SELECT json_agg(json_build_object('value', e."value", 'type', e."type", 'primary', e."primary") ORDER BY e."id")
            FROM "PersonEmail" e WHERE (e."tenantId" || '') = $1 AND e."personId" = p."id"), '[]'::json) AS "emails",
  COALESCE((SELECT json_agg(json_build_object('id', g."id", 'displayName', g."displayName") ORDER BY gm."groupId")
            FROM "GroupMember" gm JOIN "Group" g ON g."id" = gm."groupId" AND (g."tenantId" || '') = $1
            WHERE (gm."tenantId" || '') = $1 AND gm."personId" = p."id"), '[]'::json) AS "groups",
  (SELECT COALESCE(m."displayName", m."userName") FROM "Person" m WHERE (m."tenantId" || '') = $1 AND m."id" = p."managerId") AS "managerDisplayName"`;

/** $2: whether to read the member ids (display names come from a second statement, see withMemberNames). */
const GROUP_COLUMNS = `g."id", g."externalId", g."displayName", g."mapping"::text AS "mapping", g."version",
  g."createdAt" AT TIME ZONE 'UTC' AS "createdAt", g."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt",
  CASE WHEN $2::boolean THEN ARRAY(SELECT gm."personId" FROM "GroupMember" gm
    WHERE (gm."tenantId" || '') = $1 AND gm."groupId" = g."id" ORDER BY gm."personId") END AS "memberIds"`;

type TGroupRowWithIds = Omit<TScimGroupRow, "members"> & { memberIds: string[] | null };

/** displayName ?? userName of the tenant's people with these ids (deleted or not, as the Prisma reads take them). */
async function personNames(opts: { tenantId: string; ids: string[] }): Promise<Map<string, string>> {
  if (opts.ids.length === 0) return new Map();
  const { rows } = await devicesPool().query<{ id: string; name: string }>({
    name: "marshal_scim_person_names",
    text: `SELECT "id", COALESCE("displayName", "userName") AS "name" FROM "Person" WHERE ("tenantId" || '') = $1 AND "id" = ANY($2::text[])`,
    values: [opts.tenantId, opts.ids],
  });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Member display names in a statement of their own, by primary key: joined per member in the group statement,
 * they were planned as a scan of the tenant's people per member on fresh data. A member whose Person row is gone
 * is left out, as the Prisma read (an inner join) does.
 */
async function withMemberNames(tenantId: string, rows: TGroupRowWithIds[]): Promise<TScimGroupRow[]> {
  const names = await personNames({ tenantId, ids: [...new Set(rows.flatMap((r) => r.memberIds ?? []))] });
  return rows.map(({ memberIds, ...row }) => ({
    ...row,
    members: memberIds === null ? null : memberIds.filter((id) => names.has(id)).map((id) => ({ personId: id, display: names.get(id)! })),
  }));
}

/** A live (not deleted) person of the tenant by id, with emails, groups and manager name; null when none. */
export async function findScimPersonById(opts: { tenantId: string; id: string }): Promise<TScimPersonRow | null> {
  const { rows } = await devicesPool().query<TScimPersonRow>({
    name: "marshal_scim_person_by_id",
    text: `SELECT ${PERSON_COLUMNS} FROM "Person" p WHERE (p."tenantId" || '') = $1 AND p."id" = $2 AND p."deletedAt" IS NULL`,
    values: [opts.tenantId, opts.id],
  });
  return rows[0] ?? null;
}

/**
 * The live person whose userName equals `userName` case-insensitively (RFC 7643 §4.1.1: userName is not
 * caseExact), through the unique (tenantId, userNameKey) index; userNameKey is written as userName.toLowerCase().
 */
export async function findScimPersonByUserName(opts: { tenantId: string; userName: string }): Promise<TScimPersonRow | null> {
  const { rows } = await devicesPool().query<TScimPersonRow>({
    name: "marshal_scim_person_by_username",
    text: `SELECT ${PERSON_COLUMNS} FROM "Person" p WHERE p."tenantId" = $1 AND p."userNameKey" = $2 AND p."deletedAt" IS NULL`,
    values: [opts.tenantId, opts.userName.toLowerCase()],
  });
  return rows[0] ?? null;
}

/** One page of the tenant's live people in the default SCIM order (createdAt, id). */
export async function listScimPeoplePage(opts: { tenantId: string; skip: number; take: number }): Promise<TScimPersonRow[]> {
  const { rows } = await devicesPool().query<TScimPersonRow>({
    name: "marshal_scim_people_page",
    // Set-based for a page, and planned the same whatever the table statistics say: the page's rows once,
    // then emails, groups and manager names each aggregated ONCE into a jsonb map keyed by person id (uncorrelated
    // subqueries), looked up per row. Per-row correlated subqueries or joins against the aggregates were planned
    // as nested loops on fresh data (no ANALYZE yet) and cost PostgreSQL 3-6x the CPU of Prisma's reads.
    text: `WITH page AS MATERIALIZED (
             SELECT * FROM "Person" WHERE "tenantId" = $1 AND "deletedAt" IS NULL
             ORDER BY "createdAt" ASC, "id" ASC OFFSET $2 LIMIT $3
           ), maps AS (
             SELECT
               (SELECT jsonb_object_agg(x."personId", x."list") FROM (
                  SELECT e."personId", jsonb_agg(jsonb_build_object('value', e."value", 'type', e."type", 'primary', e."primary") ORDER BY e."id") AS "list"
                  FROM "PersonEmail" e WHERE (e."tenantId" || '') = $1 AND e."personId" IN (SELECT "id" FROM page) GROUP BY e."personId") x) AS "emails",
               (SELECT jsonb_object_agg(x."personId", x."list") FROM (
                  SELECT gm."personId", jsonb_agg(jsonb_build_object('id', g."id", 'displayName', g."displayName") ORDER BY gm."groupId") AS "list"
                  FROM "GroupMember" gm JOIN "Group" g ON g."id" = gm."groupId" AND (g."tenantId" || '') = $1
                  WHERE (gm."tenantId" || '') = $1 AND gm."personId" IN (SELECT "id" FROM page) GROUP BY gm."personId") x) AS "groups"
           )
           SELECT ${PAGE_PERSON_COLUMNS}, COALESCE(maps."emails" -> p."id", '[]'::jsonb) AS "emails",
             COALESCE(maps."groups" -> p."id", '[]'::jsonb) AS "groups", NULL::text AS "managerDisplayName"
           FROM page p CROSS JOIN maps
           ORDER BY p."createdAt" ASC, p."id" ASC`,
    values: [opts.tenantId, opts.skip, opts.take],
  });
  // Managers in a statement of their own, by primary key (see withMemberNames).
  const managerIds = [...new Set(rows.map((r) => r.managerId).filter((id): id is string => id !== null))];
  if (managerIds.length > 0) {
    const names = await personNames({ tenantId: opts.tenantId, ids: managerIds });
    for (const row of rows) if (row.managerId) row.managerDisplayName = names.get(row.managerId) ?? null;
  }
  return rows;
}

/** How many live people the tenant has. */
export async function countScimPeople(opts: { tenantId: string }): Promise<number> {
  const { rows } = await devicesPool().query<{ n: number }>({
    name: "marshal_scim_people_count",
    text: `SELECT count(*)::int AS "n" FROM "Person" WHERE "tenantId" = $1 AND "deletedAt" IS NULL`,
    values: [opts.tenantId],
  });
  return rows[0]?.n ?? 0;
}

/** A group of the tenant by id (members with their display names when withMembers); null when none. */
export async function findScimGroupById(opts: { tenantId: string; id: string; withMembers: boolean }): Promise<TScimGroupRow | null> {
  const { rows } = await devicesPool().query<TGroupRowWithIds>({
    name: "marshal_scim_group_by_id",
    text: `SELECT ${GROUP_COLUMNS} FROM "Group" g WHERE (g."tenantId" || '') = $1 AND g."id" = $3`,
    values: [opts.tenantId, opts.withMembers, opts.id],
  });
  return rows[0] ? ((await withMemberNames(opts.tenantId, rows))[0] ?? null) : null;
}

/**
 * The tenant's groups whose displayName equals `displayName` case-insensitively (RFC 7643 §4.2), in the
 * default SCIM order (createdAt, id). Plain equality of lower(): `_` and `%` are no wildcards.
 */
export async function findScimGroupsByDisplayName(opts: { tenantId: string; displayName: string; withMembers: boolean }): Promise<TScimGroupRow[]> {
  const { rows } = await devicesPool().query<TGroupRowWithIds>({
    name: "marshal_scim_groups_by_display_name",
    text: `SELECT ${GROUP_COLUMNS} FROM "Group" g WHERE g."tenantId" = $1 AND lower(g."displayName") = lower($3)
           ORDER BY g."createdAt" ASC, g."id" ASC`,
    values: [opts.tenantId, opts.withMembers, opts.displayName],
  });
  return withMemberNames(opts.tenantId, rows);
}

/** A person's groups (by group id) and manager name, for answering a write whose record the caller already has. */
export async function findScimPersonRelations(opts: { tenantId: string; personId: string; managerId: string | null }): Promise<{
  groups: Array<{ id: string; displayName: string }>;
  managerDisplayName: string | null;
}> {
  const { rows } = await devicesPool().query<{ groups: Array<{ id: string; displayName: string }>; managerDisplayName: string | null }>({
    name: "marshal_scim_person_relations",
    text: `SELECT
             COALESCE((SELECT json_agg(json_build_object('id', g."id", 'displayName', g."displayName") ORDER BY gm."groupId")
                       FROM "GroupMember" gm JOIN "Group" g ON g."id" = gm."groupId" AND (g."tenantId" || '') = $1
                       WHERE (gm."tenantId" || '') = $1 AND gm."personId" = $2), '[]'::json) AS "groups",
             (SELECT COALESCE(m."displayName", m."userName") FROM "Person" m WHERE (m."tenantId" || '') = $1 AND m."id" = $3) AS "managerDisplayName"`,
    values: [opts.tenantId, opts.personId, opts.managerId],
  });
  return rows[0] ?? { groups: [], managerDisplayName: null };
}
