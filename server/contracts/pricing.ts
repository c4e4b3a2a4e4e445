/**
 * The price table: provider → model → USD per 1M tokens (input, output, cache read, cache write), versioned,
 * and the functions that turn metered token usage into money.
 *
 * Token categories follow the vendors' usage objects, normalised so they never overlap:
 * - `inputTokens`: uncached prompt tokens (Anthropic `usage.input_tokens`; OpenAI `prompt_tokens - cached_tokens`;
 *   Gemini `promptTokenCount - cachedContentTokenCount`).
 * - `cacheReadTokens`: prompt tokens served from a cache (Anthropic `cache_read_input_tokens`, OpenAI
 *   `prompt_tokens_details.cached_tokens` / `input_tokens_details.cached_tokens`, Gemini `cachedContentTokenCount`).
 * - `cacheWriteTokens`: Anthropic `cache_creation_input_tokens` (OpenAI and Gemini have none).
 * - `outputTokens`: generated tokens, reasoning/thinking included (Gemini `candidatesTokenCount + thoughtsTokenCount`).
 *
 * Money is computed in integer nano-dollars (1e-9 USD) so sums and budget comparisons are exact.
 */
import { z } from "zod";
import defaultPrices from "./prices.json" with { type: "json" };

export const modelProviders = ["anthropic", "openai", "gemini"] as const;
export const ZModelProvider = z.enum(modelProviders);
export type TModelProvider = z.infer<typeof ZModelProvider>;

const ZUsdPerMillion = z.number().finite().nonnegative();

export const ZTokenRates = z.strictObject({
  input: ZUsdPerMillion,
  output: ZUsdPerMillion,
  cacheRead: ZUsdPerMillion,
  cacheWrite: ZUsdPerMillion,
});
export type TTokenRates = z.infer<typeof ZTokenRates>;

export const ZModelPrice = ZTokenRates.extend({
  /** The model's largest possible output: what a request that sets no output limit can cost. */
  maxOutputTokens: z.number().int().positive().optional(),
  /** Vendors that charge more for long prompts (prompt = input + cache read + cache write tokens). */
  longContext: ZTokenRates.extend({ aboveInputTokens: z.number().int().positive() }).optional(),
});
export type TModelPrice = z.infer<typeof ZModelPrice>;

const ZNeverFreeRates = ZTokenRates.refine((r) => r.input > 0 && r.output > 0, {
  message: "the 'unknown' rate must charge for input and output (an unlisted model is never free)",
});

export const ZProviderPrices = z.strictObject({
  /** Rate for models missing from `models`: conservative (the provider's highest), flagged as unknown. */
  unknown: ZNeverFreeRates,
  defaultMaxOutputTokens: z.number().int().positive(),
  models: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "model ids are lower-case vendor ids"), ZModelPrice),
});
export type TProviderPrices = z.infer<typeof ZProviderPrices>;

export const ZPriceTable = z.object({
  $comment: z.string().optional(),
  version: z.string().min(1),
  effectiveFrom: z.iso.datetime({ offset: true }),
  currency: z.literal("USD"),
  providers: z.strictObject({ anthropic: ZProviderPrices, openai: ZProviderPrices, gemini: ZProviderPrices }),
});
export type TPriceTable = z.infer<typeof ZPriceTable>;

export const ZTokenUsage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
});
export type TTokenUsage = z.infer<typeof ZTokenUsage>;

export const emptyUsage = (): TTokenUsage => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });

export class PriceTableError extends Error {
  override name = "PriceTableError";
}

/** Validates a price table; a malformed one is refused with every problem named by its path. */
export function parsePriceTable({ input }: { input: unknown }): TPriceTable {
  const parsed = ZPriceTable.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new PriceTableError(`malformed price table: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** The price table shipped with this release (server/contracts/prices.json). */
export function loadDefaultPriceTable(): TPriceTable {
  return parsePriceTable({ input: defaultPrices });
}

export interface TResolvedPrice {
  price: TModelPrice;
  known: boolean;
  /** The table key that matched, or null when the provider's "unknown" rate applies. */
  modelKey: string | null;
}

/**
 * Finds a model's price. Accepted spellings of a listed id: exact, with a release-date suffix
 * (`claude-sonnet-4-5-20250929`, `gpt-4.1-2025-04-14`), a `-latest` or `-00N` suffix, a Gemini `models/` prefix,
 * or a Claude Code context tag (`[1m]`). Anything else is unknown: it is never matched to a cheaper sibling by prefix.
 */
export function resolveModelPrice({ table, provider, model }: { table: TPriceTable; provider: TModelProvider; model: string }): TResolvedPrice {
  const prices = table.providers[provider];
  const base = model.trim().toLowerCase().replace(/^models\//, "").replace(/\[[^\]]*\]$/, "");
  const candidates = [
    base,
    base.replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, ""),
    base.replace(/-latest$/, ""),
    base.replace(/-\d{3}$/, ""),
  ];
  for (const key of candidates) {
    const price = Object.hasOwn(prices.models, key) ? prices.models[key] : undefined;
    if (price) return { price, known: true, modelKey: key };
  }
  return { price: prices.unknown, known: false, modelKey: null };
}

/** USD per 1M tokens → integer nano-dollars per token (a rate of $0.005/1M is 5 n$ per token). */
const nanoPerToken = (usdPerMillion: number): number => Math.round(usdPerMillion * 1000);

export const nanoToUsd = (nano: number): number => nano / 1e9;
export const usdToNano = (usd: number): number => Math.round(usd * 1e9);

function ratesFor({ price, promptTokens }: { price: TModelPrice; promptTokens: number }): TTokenRates {
  return price.longContext && promptTokens > price.longContext.aboveInputTokens ? price.longContext : price;
}

export interface TPricedUsage {
  usd: number;
  nanoUsd: number;
  known: boolean;
  modelKey: string | null;
}

/** The cost of metered usage. Unknown models are priced at the provider's conservative rate and flagged. */
export function priceUsage({ table, provider, model, usage }: { table: TPriceTable; provider: TModelProvider; model: string; usage: TTokenUsage }): TPricedUsage {
  const resolved = resolveModelPrice({ table, provider, model });
  const promptTokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  const r = ratesFor({ price: resolved.price, promptTokens });
  const nanoUsd =
    usage.inputTokens * nanoPerToken(r.input) +
    usage.outputTokens * nanoPerToken(r.output) +
    usage.cacheReadTokens * nanoPerToken(r.cacheRead) +
    usage.cacheWriteTokens * nanoPerToken(r.cacheWrite);
  return { usd: nanoToUsd(nanoUsd), nanoUsd, known: resolved.known, modelKey: resolved.modelKey };
}

/**
 * A conservative prompt-size estimate from the request body: one token per 3 bytes. Real tokenizers average about
 * 4 characters per token on English and code, so this over-reserves a little; settlement records the real count.
 */
export function estimateInputTokens({ bodyBytes }: { bodyBytes: number }): number {
  return Math.ceil(bodyBytes / 3);
}

export interface TMaxCost {
  usd: number;
  nanoUsd: number;
  /** Prompt estimate + the output limit: the token hold for daily token quotas. */
  maxTokens: number;
  maxOutputTokens: number;
  known: boolean;
}

/**
 * The most a request can cost, for a quota reservation: every prompt token at the dearer of the input and
 * cache-write rates, plus the output limit the request sets (`max_tokens`, `max_output_tokens`,
 * `generationConfig.maxOutputTokens`) or, when it sets none, the model's largest possible output.
 */
export function maxCostForRequest({
  table,
  provider,
  model,
  maxOutputTokens,
  inputTokensEstimate,
}: {
  table: TPriceTable;
  provider: TModelProvider;
  model: string;
  maxOutputTokens?: number | undefined;
  inputTokensEstimate: number;
}): TMaxCost {
  const resolved = resolveModelPrice({ table, provider, model });
  const modelMax = resolved.price.maxOutputTokens ?? table.providers[provider].defaultMaxOutputTokens;
  // The request's own limit is the bound the vendor enforces, so it wins even over our table's figure.
  const output = maxOutputTokens !== undefined && maxOutputTokens > 0 ? Math.ceil(maxOutputTokens) : modelMax;
  const input = Math.max(0, Math.ceil(inputTokensEstimate));
  const r = ratesFor({ price: resolved.price, promptTokens: input });
  const nanoUsd = input * Math.max(nanoPerToken(r.input), nanoPerToken(r.cacheWrite)) + output * nanoPerToken(r.output);
  return { usd: nanoToUsd(nanoUsd), nanoUsd, maxTokens: input + output, maxOutputTokens: output, known: resolved.known };
}
