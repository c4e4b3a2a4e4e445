/**
 * FinOps aggregation SQL over "UsageRecord" and "BudgetLedgerEntry" (server/modules/finops, server/modules/budgets).
 * Raw SQL lives here only: every statement is filtered by the caller's tenant id first, and a grouping column is
 * picked from a fixed list (never from input). Indexes: (tenantId, at), (tenantId, personId, at),
 * (tenantId, businessUnit, at); ledger (tenantId, scopeKind, scopeId, month).
 */
import { Prisma } from "./generated/client";
import { rootDb } from "./client";

export const usageDimensions = ["identityId", "personId", "deviceId", "productSlug", "project", "businessUnit", "environment", "model", "provider"] as const;
export type TUsageDimension = (typeof usageDimensions)[number];

const DIMENSION_COLUMN: Record<TUsageDimension, Prisma.Sql> = Object.fromEntries(
  usageDimensions.map((d) => [d, Prisma.raw(`"${d}"`)]),
) as Record<TUsageDimension, Prisma.Sql>;

export type TUsageFilter = { tenantId: string; from: Date; to: Date; dimension?: TUsageDimension; value?: string | null };

function whereClause(f: TUsageFilter): Prisma.Sql {
  const base = Prisma.sql`"tenantId" = ${f.tenantId} AND "at" >= ${f.from} AND "at" < ${f.to}`;
  if (!f.dimension || f.value === undefined) return base;
  const col = DIMENSION_COLUMN[f.dimension];
  return f.value === null ? Prisma.sql`${base} AND ${col} IS NULL` : Prisma.sql`${base} AND ${col} = ${f.value}`;
}

export type TSpendRow = { key: string | null; costNano: bigint; tokens: bigint; requests: bigint; unknownPriced: bigint };

/** Spend per UTC day in [from, to). */
export async function selectDailySpend(f: TUsageFilter): Promise<Array<TSpendRow & { key: string }>> {
  return rootDb().$queryRaw<Array<TSpendRow & { key: string }>>(Prisma.sql`
    SELECT to_char(date_trunc('day', "at"), 'YYYY-MM-DD') AS key,
           COALESCE(SUM("costNano"), 0)::bigint AS "costNano",
           COALESCE(SUM("inputTokens" + "outputTokens" + "cacheReadTokens" + "cacheWriteTokens"), 0)::bigint AS tokens,
           COUNT(*)::bigint AS requests,
           COUNT(*) FILTER (WHERE NOT "priceKnown")::bigint AS "unknownPriced"
      FROM "UsageRecord" WHERE ${whereClause(f)}
     GROUP BY 1 ORDER BY 1`);
}

/** Spend per value of one dimension in [from, to), largest first. */
export async function selectSpendBy(f: TUsageFilter & { by: TUsageDimension; limit?: number }): Promise<TSpendRow[]> {
  const col = DIMENSION_COLUMN[f.by];
  return rootDb().$queryRaw<TSpendRow[]>(Prisma.sql`
    SELECT ${col} AS key,
           COALESCE(SUM("costNano"), 0)::bigint AS "costNano",
           COALESCE(SUM("inputTokens" + "outputTokens" + "cacheReadTokens" + "cacheWriteTokens"), 0)::bigint AS tokens,
           COUNT(*)::bigint AS requests,
           COUNT(*) FILTER (WHERE NOT "priceKnown")::bigint AS "unknownPriced"
      FROM "UsageRecord" WHERE ${whereClause(f)}
     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${f.limit ?? 1000}`);
}

/** Spend per (day, value of one dimension) in [from, to): for burn-down and per-dimension anomaly checks. */
export async function selectDailySpendBy(f: TUsageFilter & { by: TUsageDimension }): Promise<Array<{ day: string; key: string | null; costNano: bigint }>> {
  const col = DIMENSION_COLUMN[f.by];
  return rootDb().$queryRaw<Array<{ day: string; key: string | null; costNano: bigint }>>(Prisma.sql`
    SELECT to_char(date_trunc('day', "at"), 'YYYY-MM-DD') AS day, ${col} AS key, COALESCE(SUM("costNano"), 0)::bigint AS "costNano"
      FROM "UsageRecord" WHERE ${whereClause(f)}
     GROUP BY 1, 2 ORDER BY 1, 2`);
}

/** Chargeback rows: one per (business unit, project, person), with the token split. */
export async function selectChargebackRows(f: TUsageFilter): Promise<
  Array<{ businessUnit: string | null; project: string | null; personId: string | null; requests: bigint; inputTokens: bigint; outputTokens: bigint; cacheTokens: bigint; costNano: bigint }>
> {
  return rootDb().$queryRaw(Prisma.sql`
    SELECT "businessUnit", "project", "personId",
           COUNT(*)::bigint AS requests,
           COALESCE(SUM("inputTokens"), 0)::bigint AS "inputTokens",
           COALESCE(SUM("outputTokens"), 0)::bigint AS "outputTokens",
           COALESCE(SUM("cacheReadTokens" + "cacheWriteTokens"), 0)::bigint AS "cacheTokens",
           COALESCE(SUM("costNano"), 0)::bigint AS "costNano"
      FROM "UsageRecord" WHERE ${whereClause(f)}
     GROUP BY 1, 2, 3 ORDER BY 1 NULLS LAST, 2 NULLS LAST, 8 DESC`);
}

/**
 * Budget ledger totals across every device (and gateway epoch) of the tenant for the given scopes: USD for `month`,
 * tokens for `day`.
 */
export async function selectLedgerTotals(opts: {
  tenantId: string;
  scopes: Array<{ kind: string; id: string }>;
  day: string;
  month: string;
}): Promise<Array<{ scopeKind: string; scopeId: string; tokens: bigint; usdNano: bigint }>> {
  if (opts.scopes.length === 0) return [];
  const kinds = opts.scopes.map((s) => s.kind);
  const ids = opts.scopes.map((s) => s.id);
  return rootDb().$queryRaw(Prisma.sql`
    SELECT l."scopeKind", l."scopeId",
           COALESCE(SUM(l.tokens) FILTER (WHERE l.day = ${opts.day}), 0)::bigint AS tokens,
           COALESCE(SUM(l."usdNano") FILTER (WHERE l.month = ${opts.month}), 0)::bigint AS "usdNano"
      FROM "BudgetLedgerEntry" l
      JOIN unnest(${kinds}::text[], ${ids}::text[]) AS s(kind, id) ON l."scopeKind" = s.kind AND l."scopeId" = s.id
     WHERE l."tenantId" = ${opts.tenantId} AND l.month = ${opts.month}
     GROUP BY 1, 2`);
}
