import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";

/** Removes a tenant price: the model falls back to the shipped table (or "unknown"). */
export async function deletePriceOverride(opts: { scope: TTenantScope; id: string }): Promise<{ id: string }> {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const row = await tx.priceOverride.findFirst({ where: { id: opts.id } });
    if (!row) throw new AppError("NOT_FOUND", "Price override not found");
    await tx.priceOverride.delete({ where: { id: row.id } });
    await appendAudit({ db: tx, tenantId, actor, action: "price_override.deleted", target: { type: "price_override", id: row.id }, summary: { provider: row.provider, model: row.model } });
    return { id: row.id };
  });
}
