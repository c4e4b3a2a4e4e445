import { z } from "zod";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { getCostOverview } from "@/server/modules/finops/get-cost-overview";
import { ZCostOverview } from "@/server/modules/finops/cost-schemas";
import { buildChargebackReport } from "@/server/modules/finops/build-chargeback-report";
import { listUsageRecords } from "@/server/modules/finops/list-usage-records";
import { listPriceOverrides } from "@/server/modules/finops/list-price-overrides";
import { setPriceOverride } from "@/server/modules/finops/set-price-override";
import { deletePriceOverride } from "@/server/modules/finops/delete-price-override";
import { ZPriceOverride } from "@/server/modules/finops/price-override-schemas";
import { loadEffectivePriceTable } from "@/server/modules/finops/load-effective-price-table";
import { listBudgets } from "@/server/modules/budgets/list-budgets";
import { createBudget } from "@/server/modules/budgets/create-budget";
import { updateBudget } from "@/server/modules/budgets/update-budget";
import { deleteBudget } from "@/server/modules/budgets/delete-budget";
import { ZBudget, ZBudgetBreachAction, ZBudgetScopeKind } from "@/server/modules/budgets/budget-schemas";
import { ZModelProvider, ZPriceTable } from "@/server/contracts/pricing";
import { AppError } from "@/server/errors";

const ZId = z.object({ id: z.string().min(1).max(64) });
const ZOptLimit = z.number().positive().nullable().optional();

const ZUsageRecordOut = z.object({
  id: z.string(),
  requestId: z.string(),
  at: z.date(),
  deviceId: z.string(),
  identityId: z.string().nullable(),
  personId: z.string().nullable(),
  productSlug: z.string().nullable(),
  provider: z.string(),
  model: z.string(),
  api: z.string().nullable(),
  outcome: z.string(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  cacheWriteTokens: z.number().int(),
  costUsd: z.number(),
  priceKnown: z.boolean(),
  priceTableVersion: z.string(),
  project: z.string().nullable(),
  businessUnit: z.string().nullable(),
  environment: z.string().nullable(),
});

/** A period given as from/to dates (to exclusive); default: the current UTC month. */
function period(input: { from?: string; to?: string }): { from: Date; to: Date } {
  const now = new Date();
  const from = input.from ? new Date(`${input.from}T00:00:00Z`) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = input.to ? new Date(`${input.to}T00:00:00Z`) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new AppError("BAD_REQUEST", "from and to are dates (YYYY-MM-DD)");
  if (from >= to) throw new AppError("BAD_REQUEST", "from must be before to");
  if (to.getTime() - from.getTime() > 366 * 86_400_000) throw new AppError("BAD_REQUEST", "a report covers at most 366 days");
  return { from, to };
}
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

export const finopsRouter = router({
  overview: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/finops/overview", protect: true, tags: ["finops"], summary: "Spend over time, by dimension, top agents, anomalies, month-end forecast, budget burn-down" } })
    .input(z.object({ days: z.coerce.number().int().min(1).max(366).default(30), anomalyMultiplier: z.coerce.number().gt(1).max(100).default(3) }))
    .output(ZCostOverview)
    .query(({ ctx, input }) => getCostOverview({ scope: ctx.scope, days: input.days, anomalyMultiplier: input.anomalyMultiplier })),

  chargeback: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/finops/chargeback", protect: true, tags: ["finops"], summary: "Chargeback/showback per business unit, project and person, with the CSV" } })
    .input(z.object({ from: ZDate.optional(), to: ZDate.optional() }))
    .output(
      z.object({
        from: z.date(),
        to: z.date(),
        totalUsd: z.number(),
        businessUnits: z.array(z.object({ businessUnit: z.string(), usd: z.number(), sharePct: z.number(), requests: z.number() })),
        rows: z.array(
          z.object({
            businessUnit: z.string(),
            project: z.string(),
            person: z.string(),
            personEmail: z.string(),
            requests: z.number(),
            inputTokens: z.number(),
            outputTokens: z.number(),
            cacheTokens: z.number(),
            costUsd: z.number(),
            sharePct: z.number(),
          }),
        ),
        csv: z.string(),
        filename: z.string(),
      }),
    )
    .query(({ ctx, input }) => buildChargebackReport({ scope: ctx.scope, ...period(input) })),

  usage: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/usage", protect: true, tags: ["finops"], summary: "Usage records (metered model requests), newest first, filtered and paged" } })
    .input(
      z.object({
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        personId: z.string().max(64).optional(),
        deviceId: z.string().max(64).optional(),
        identityId: z.string().max(64).optional(),
        project: z.string().max(200).optional(),
        businessUnit: z.string().max(200).optional(),
        environment: z.string().max(20).optional(),
        model: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        cursor: z.string().max(200).optional(),
      }),
    )
    .output(z.object({ items: z.array(ZUsageRecordOut), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const { limit, cursor, from, to, tenantSlug: _t, ...rest } = input;
      return listUsageRecords({ scope: ctx.scope, limit, cursor, filter: { ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined } });
    }),

  budgets: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/budgets", protect: true, tags: ["finops"], summary: "Budgets with month-to-date spend across every device" } })
    .output(z.array(ZBudget))
    .query(({ ctx }) => listBudgets({ scope: ctx.scope })),

  createBudget: adminProcedure
    .meta({ openapi: { method: "POST", path: "/budgets", protect: true, tags: ["finops"], summary: "Create a budget (quota) on an identity, person, device, project, business unit or environment" } })
    .input(
      z.object({
        name: z.string().max(80),
        scopeKind: ZBudgetScopeKind,
        scopeId: z.string().max(200),
        usdPerMonth: ZOptLimit,
        tokensPerDay: ZOptLimit,
        requestsPerMinute: ZOptLimit,
        concurrentRequests: ZOptLimit,
        breachAction: ZBudgetBreachAction.optional(),
      }),
    )
    .output(ZBudget)
    .mutation(({ ctx, input }) => {
      const { tenantSlug: _t, ...budget } = input;
      return createBudget({ scope: ctx.scope, input: budget });
    }),

  updateBudget: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/budgets/{id}", protect: true, tags: ["finops"], summary: "Change a budget's limits, name or breach action (null clears a limit)" } })
    .input(
      ZId.extend({
        name: z.string().max(80).optional(),
        usdPerMonth: ZOptLimit,
        tokensPerDay: ZOptLimit,
        requestsPerMinute: ZOptLimit,
        concurrentRequests: ZOptLimit,
        breachAction: ZBudgetBreachAction.optional(),
      }),
    )
    .output(ZBudget)
    .mutation(({ ctx, input }) => {
      const { tenantSlug: _t, id, ...patch } = input;
      return updateBudget({ scope: ctx.scope, id, patch });
    }),

  deleteBudget: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/budgets/{id}", protect: true, tags: ["finops"], summary: "Delete a budget" } })
    .input(ZId)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteBudget({ scope: ctx.scope, id: input.id })),

  priceTable: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/finops/price-table", protect: true, tags: ["finops"], summary: "The tenant's effective price table (shipped prices with the tenant's overrides)" } })
    .output(ZPriceTable)
    .query(({ ctx }) => loadEffectivePriceTable({ db: ctx.scope.db })),

  priceOverrides: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/finops/price-overrides", protect: true, tags: ["finops"], summary: "The tenant's negotiated model prices" } })
    .output(z.array(ZPriceOverride))
    .query(({ ctx }) => listPriceOverrides({ scope: ctx.scope })),

  setPriceOverride: adminProcedure
    .meta({ openapi: { method: "PUT", path: "/finops/price-overrides", protect: true, tags: ["finops"], summary: "Set the tenant's price for one model (USD per 1M tokens)" } })
    .input(z.object({ provider: ZModelProvider, model: z.string().max(120), input: z.number(), output: z.number(), cacheRead: z.number(), cacheWrite: z.number(), note: z.string().max(200).optional() }))
    .output(ZPriceOverride)
    .mutation(({ ctx, input }) => {
      const { tenantSlug: _t, ...override } = input;
      return setPriceOverride({ scope: ctx.scope, input: override });
    }),

  deletePriceOverride: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/finops/price-overrides/{id}", protect: true, tags: ["finops"], summary: "Remove a negotiated price" } })
    .input(ZId)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deletePriceOverride({ scope: ctx.scope, id: input.id })),
});
