/**
 * Cross-tenant samples for finops.*: a metered request of the victim's device stored through ingestUsageRecords
 * (priced with the tenant's effective price table), a person budget, a negotiated price.
 */
import { createBudget } from "@/server/modules/budgets/create-budget";
import { ingestUsageRecords } from "@/server/modules/finops/ingest-usage-records";
import { loadEffectivePriceTable } from "@/server/modules/finops/load-effective-price-table";
import { setPriceOverride } from "@/server/modules/finops/set-price-override";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { uniqueSuffix } from "../tenants";

export async function finopsSamples(opts: { scope: TTenantScope; device: { id: string; ring: string; ownerPersonId: string | null }; personId: string }): Promise<Record<string, Record<string, unknown>>> {
  const { scope, device } = opts;
  const at = new Date(Date.now() - 10 * 60_000).toISOString();
  await ingestUsageRecords({
    scope,
    device,
    priceTable: await loadEffectivePriceTable({ db: scope.db }),
    records: [
      {
        requestId: `req-${uniqueSuffix()}`,
        at,
        identityId: null,
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        api: "messages",
        outcome: "ok",
        usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0 },
        usageEstimated: false,
        latencyMs: 850,
      },
    ],
  });
  const budget = await createBudget({ scope, input: { name: "victim device", scopeKind: "device", scopeId: device.id, usdPerMonth: 50 } });
  const override = await setPriceOverride({ scope, input: { provider: "anthropic", model: "claude-sonnet-4-5", input: 2.5, output: 12, cacheRead: 0.25, cacheWrite: 3, note: "negotiated" } });
  return {
    "finops.overview": { days: 7 },
    "finops.chargeback": {},
    "finops.usage": { deviceId: device.id, limit: 10 },
    "finops.budgets": {},
    "finops.createBudget": { name: "intruder", scopeKind: "person", scopeId: opts.personId, usdPerMonth: 1, breachAction: "revoke" },
    "finops.updateBudget": { id: budget.id, usdPerMonth: 1_000_000 },
    "finops.deleteBudget": { id: budget.id },
    "finops.priceTable": {},
    "finops.priceOverrides": {},
    "finops.setPriceOverride": { provider: "anthropic", model: "claude-sonnet-4-5", input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    "finops.deletePriceOverride": { id: override.id },
  };
}
