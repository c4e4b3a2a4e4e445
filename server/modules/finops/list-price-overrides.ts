import type { TTenantScope } from "../tenant-scope";
import { ZPriceOverride, type TPriceOverride } from "./price-override-schemas";

export async function listPriceOverrides(opts: { scope: TTenantScope }): Promise<TPriceOverride[]> {
  const rows = await opts.scope.db.priceOverride.findMany({ orderBy: [{ provider: "asc" }, { model: "asc" }] });
  return rows.map((r) => ZPriceOverride.parse(r));
}
