/**
 * A tenant's effective price table: the shipped table (server/contracts/prices.json) with the tenant's negotiated
 * prices laid over it, model by model. An override for a listed model replaces its four rates (its output cap and
 * long-context tier are kept); an override for an unlisted model adds it (so it is no longer priced as "unknown").
 * The version names the base and a digest of the overrides, so a usage record says exactly which prices applied.
 */
import { createHash } from "node:crypto";
import { parsePriceTable, type TModelProvider, type TPriceTable } from "@/server/contracts/pricing";

export type TPriceOverrideRates = { provider: TModelProvider; model: string; input: number; output: number; cacheRead: number; cacheWrite: number };

export function mergePriceOverrides(opts: { base: TPriceTable; overrides: TPriceOverrideRates[] }): TPriceTable {
  if (opts.overrides.length === 0) return opts.base;
  const table = structuredClone(opts.base);
  const sorted = [...opts.overrides].sort((a, b) => `${a.provider}/${a.model}`.localeCompare(`${b.provider}/${b.model}`));
  for (const o of sorted) {
    const prices = table.providers[o.provider];
    const existing = Object.hasOwn(prices.models, o.model) ? prices.models[o.model] : undefined;
    const rates = { input: o.input, output: o.output, cacheRead: o.cacheRead, cacheWrite: o.cacheWrite };
    // a long-context tier priced from list rates would undercut or overcharge the negotiated rate: drop it
    prices.models[o.model] = existing ? { ...rates, ...(existing.maxOutputTokens ? { maxOutputTokens: existing.maxOutputTokens } : {}) } : rates;
  }
  const digest = createHash("sha256").update(JSON.stringify(sorted.map((o) => [o.provider, o.model, o.input, o.output, o.cacheRead, o.cacheWrite]))).digest("hex").slice(0, 8);
  table.version = `${opts.base.version}+tenant.${digest}`;
  // validates the result the same way a shipped table is validated (model ids, non-negative rates)
  return parsePriceTable({ input: table });
}
