/**
 * Everything the Costs page shows, for the last `days` days: spend per day (anomalies flagged), spend by person,
 * business unit, project, environment, model, device and agent identity (top agents), month-to-date and the
 * forecast to month end, and a burn-down per monthly USD budget (cumulative spend vs the straight line to the limit).
 */
import { selectDailySpend, selectSpendBy, type TUsageDimension } from "@/server/db/usage";
import type { TTenantScope } from "../tenant-scope";
import type { TCostOverview, TSpendSlice } from "./cost-schemas";
import { detectSpendAnomalies } from "./detect-spend-anomalies";
import { forecastMonthEnd } from "./forecast-month-end";
import { labelUsageKeys } from "./label-usage-keys";
import { loadEffectivePriceTable } from "./load-effective-price-table";

const DAY = 86_400_000;
const dayKey = (t: number) => new Date(t).toISOString().slice(0, 10);
const usd = (nano: bigint) => Number(nano) / 1e9;

/** Budget scope kind → the UsageRecord column it filters. */
export const BUDGET_DIMENSION: Record<string, TUsageDimension> = {
  identity: "identityId",
  person: "personId",
  device: "deviceId",
  project: "project",
  businessUnit: "businessUnit",
  environment: "environment",
};

export async function getCostOverview(opts: { scope: TTenantScope; days: number; anomalyMultiplier: number; now?: Date }): Promise<TCostOverview> {
  const now = opts.now ?? new Date();
  const { db, tenantId } = opts.scope;
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const to = new Date(todayStart + DAY);
  const from = new Date(todayStart - (opts.days - 1) * DAY);
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  // history reaches back far enough for the month-to-date, the 7-day trailing averages and the range
  const historyFrom = new Date(Math.min(from.getTime() - 7 * DAY, monthStart - 7 * DAY));

  const daily = await selectDailySpend({ tenantId, from: historyFrom, to });
  const dailyUsd = new Map(daily.map((d) => [d.key, usd(d.costNano)]));
  const rangeDays: string[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += DAY) rangeDays.push(dayKey(t));
  const anomalies = detectSpendAnomalies({ days: rangeDays, dailyUsd, multiplier: opts.anomalyMultiplier });
  const anomalyDays = new Set(anomalies.map((a) => a.day));
  const dailyByKey = new Map(daily.map((d) => [d.key, d]));
  const forecast = forecastMonthEnd({ now, dailyUsd });

  const slices = async (by: TUsageDimension, limit = 50): Promise<TSpendSlice[]> => {
    const rows = await selectSpendBy({ tenantId, from, to, by, limit });
    const labels = await labelUsageKeys({ db, dimension: by, keys: rows.map((r) => r.key) });
    return rows.map((r) => ({
      key: r.key,
      label: r.key === null ? "(unattributed)" : (labels.get(r.key) ?? r.key),
      usd: usd(r.costNano),
      tokens: Number(r.tokens),
      requests: Number(r.requests),
      unknownPriced: Number(r.unknownPriced),
    }));
  };
  const [byPerson, byBusinessUnit, byProject, byEnvironment, byModel, byDevice, topAgents] = await Promise.all([
    slices("personId"),
    slices("businessUnit"),
    slices("project"),
    slices("environment"),
    slices("model"),
    slices("deviceId"),
    slices("identityId", 10),
  ]);

  // burn-down: this month, per monthly USD budget
  const budgets = await db.budget.findMany({ where: { usdPerMonth: { not: null } }, orderBy: { name: "asc" } });
  const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const monthDays: string[] = [];
  for (let t = monthStart; t < monthEnd; t += DAY) monthDays.push(dayKey(t));
  const burnDown = await Promise.all(
    budgets.map(async (b) => {
      const dim = BUDGET_DIMENSION[b.scopeKind]!;
      const rows = await selectDailySpend({ tenantId, from: new Date(monthStart), to: new Date(monthEnd), dimension: dim, value: b.scopeId });
      const spent = new Map(rows.map((r) => [r.key, usd(r.costNano)]));
      const f = forecastMonthEnd({ now, dailyUsd: spent });
      let cumulative = 0;
      const todayKey = dayKey(todayStart);
      return {
        budgetId: b.id,
        name: b.name,
        scopeKind: b.scopeKind,
        scopeId: b.scopeId,
        limitUsd: b.usdPerMonth!,
        points: monthDays.map((day, i) => {
          const past = day <= todayKey;
          if (past) cumulative += spent.get(day) ?? 0;
          const daysAhead = (Date.parse(`${day}T00:00:00Z`) - todayStart) / DAY;
          return {
            day,
            spentUsd: past ? cumulative : null,
            idealUsd: (b.usdPerMonth! * (i + 1)) / monthDays.length,
            forecastUsd: day >= todayKey ? f.monthToDateUsd + f.runRateUsdPerDay * daysAhead : null,
          };
        }),
      };
    }),
  );

  const inRange = rangeDays.map((day) => {
    const d = dailyByKey.get(day);
    return { day, usd: d ? usd(d.costNano) : 0, tokens: d ? Number(d.tokens) : 0, requests: d ? Number(d.requests) : 0, anomaly: anomalyDays.has(day) };
  });
  const priceTable = await loadEffectivePriceTable({ db });
  return {
    from,
    to,
    priceTableVersion: priceTable.version,
    totalUsd: inRange.reduce((s, d) => s + d.usd, 0),
    totalTokens: inRange.reduce((s, d) => s + d.tokens, 0),
    totalRequests: inRange.reduce((s, d) => s + d.requests, 0),
    unknownPricedRequests: rangeDays.reduce((s, day) => s + Number(dailyByKey.get(day)?.unknownPriced ?? 0n), 0),
    monthToDateUsd: forecast.monthToDateUsd,
    runRateUsdPerDay: forecast.runRateUsdPerDay,
    forecastMonthEndUsd: forecast.forecastUsd,
    daily: inRange,
    anomalies,
    byPerson,
    byBusinessUnit,
    byProject,
    byEnvironment,
    byModel,
    byDevice,
    topAgents,
    burnDown,
  };
}
