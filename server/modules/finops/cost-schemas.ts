import { z } from "zod";
import { usageDimensions } from "@/server/db/usage";

export const ZUsageDimension = z.enum(usageDimensions);

export const ZSpendSlice = z.object({
  key: z.string().nullable(),
  label: z.string(),
  usd: z.number(),
  tokens: z.number(),
  requests: z.number(),
  unknownPriced: z.number(),
});
export type TSpendSlice = z.infer<typeof ZSpendSlice>;

export const ZCostOverviewInput = z.object({
  days: z.number().int().min(1).max(366).default(30),
  anomalyMultiplier: z.number().gt(1).max(100).default(3),
});

export const ZCostOverview = z.object({
  from: z.date(),
  to: z.date(),
  priceTableVersion: z.string(),
  totalUsd: z.number(),
  totalTokens: z.number(),
  totalRequests: z.number(),
  unknownPricedRequests: z.number(),
  monthToDateUsd: z.number(),
  runRateUsdPerDay: z.number(),
  forecastMonthEndUsd: z.number(),
  daily: z.array(z.object({ day: z.string(), usd: z.number(), tokens: z.number(), requests: z.number(), anomaly: z.boolean() })),
  anomalies: z.array(z.object({ day: z.string(), usd: z.number(), trailingAvgUsd: z.number(), ratio: z.number() })),
  byPerson: z.array(ZSpendSlice),
  byBusinessUnit: z.array(ZSpendSlice),
  byProject: z.array(ZSpendSlice),
  byEnvironment: z.array(ZSpendSlice),
  byModel: z.array(ZSpendSlice),
  byDevice: z.array(ZSpendSlice),
  topAgents: z.array(ZSpendSlice),
  burnDown: z.array(
    z.object({
      budgetId: z.string(),
      name: z.string(),
      scopeKind: z.string(),
      scopeId: z.string(),
      limitUsd: z.number(),
      points: z.array(z.object({ day: z.string(), spentUsd: z.number().nullable(), idealUsd: z.number(), forecastUsd: z.number().nullable() })),
    }),
  ),
});
export type TCostOverview = z.infer<typeof ZCostOverview>;
