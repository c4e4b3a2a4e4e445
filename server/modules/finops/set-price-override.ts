import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { ZPriceOverride, ZPriceOverrideInput, type TPriceOverride, type TPriceOverrideInput } from "./price-override-schemas";

/** Creates or replaces the tenant's price for one model (USD per 1M tokens). */
export async function setPriceOverride(opts: { scope: TTenantScope; input: TPriceOverrideInput }): Promise<TPriceOverride> {
  const parsed = ZPriceOverrideInput.safeParse(opts.input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", `${i?.path.join(".") || "input"}: ${i?.message}`);
  }
  const v = parsed.data;
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const rates = { input: v.input, output: v.output, cacheRead: v.cacheRead, cacheWrite: v.cacheWrite, note: v.note ?? null };
    const row = await tx.priceOverride.upsert({
      where: { tenantId_provider_model: { tenantId, provider: v.provider, model: v.model } },
      create: { tenantId, provider: v.provider, model: v.model, ...rates },
      update: rates,
    });
    await appendAudit({ db: tx, tenantId, actor, action: "price_override.set", target: { type: "price_override", id: row.id }, summary: { provider: v.provider, model: v.model, ...rates } });
    return ZPriceOverride.parse(row);
  });
}
