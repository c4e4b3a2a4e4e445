import { loadDefaultPriceTable, type TModelProvider, type TPriceTable } from "@/server/contracts/pricing";
import type { TTenantDb } from "@/server/db";
import { mergePriceOverrides } from "./merge-price-overrides";

/** The shipped price table with this tenant's overrides applied. */
export async function loadEffectivePriceTable(opts: { db: TTenantDb }): Promise<TPriceTable> {
  const rows = await opts.db.priceOverride.findMany({ select: { provider: true, model: true, input: true, output: true, cacheRead: true, cacheWrite: true } });
  return mergePriceOverrides({ base: loadDefaultPriceTable(), overrides: rows.map((r) => ({ ...r, provider: r.provider as TModelProvider })) });
}
