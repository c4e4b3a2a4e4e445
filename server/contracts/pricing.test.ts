import { describe, expect, it } from "vitest";
import rawPrices from "./prices.json" with { type: "json" };
import {
  PriceTableError,
  estimateInputTokens,
  loadDefaultPriceTable,
  maxCostForRequest,
  parsePriceTable,
  priceUsage,
  resolveModelPrice,
} from "./pricing";

const table = loadDefaultPriceTable();
const usage = (u: Partial<{ inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }>) => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  ...u,
});

describe("the shipped price table", () => {
  it("is valid and covers the current model families of each provider", () => {
    expect(table.version).toMatch(/\S/);
    for (const m of ["claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"]) expect(table.providers.anthropic.models[m]).toBeDefined();
    for (const m of ["gpt-5", "gpt-5-mini", "gpt-4.1", "o3", "o4-mini", "gpt-5-codex", "gpt-5.1-codex"]) expect(table.providers.openai.models[m]).toBeDefined();
    for (const m of ["gemini-2.5-pro", "gemini-2.5-flash", "gemini-3-pro-preview"]) expect(table.providers.gemini.models[m]).toBeDefined();
  });

  it("prices the unknown rate at least as high as any listed model of the provider", () => {
    for (const p of Object.values(table.providers)) {
      for (const m of Object.values(p.models)) {
        expect(p.unknown.input).toBeGreaterThanOrEqual(m.input);
        expect(p.unknown.output).toBeGreaterThanOrEqual(m.output);
      }
    }
  });
});

describe("priceUsage", () => {
  it("prices Claude Sonnet 4.5 usage at list price, cache reads and writes included", () => {
    // 1M input at $3, 100k output at $15/M, 1M cache reads at $0.30, 100k cache writes at $3.75/M
    const r = priceUsage({
      table,
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      usage: usage({ inputTokens: 100_000, outputTokens: 100_000, cacheReadTokens: 50_000, cacheWriteTokens: 40_000 }),
    });
    expect(r.known).toBe(true);
    expect(r.modelKey).toBe("claude-sonnet-4-5");
    expect(r.usd).toBeCloseTo(0.3 + 1.5 + 0.015 + 0.15, 12);
  });

  it("is exact in nano-dollars for tiny requests", () => {
    const r = priceUsage({ table, provider: "openai", model: "gpt-5-nano", usage: usage({ inputTokens: 1, outputTokens: 1 }) });
    expect(r.nanoUsd).toBe(50 + 400);
  });

  it("switches to the long-context rate above the vendor's prompt threshold", () => {
    const short = priceUsage({ table, provider: "gemini", model: "gemini-2.5-pro", usage: usage({ inputTokens: 200_000 }) });
    const long = priceUsage({ table, provider: "gemini", model: "gemini-2.5-pro", usage: usage({ inputTokens: 200_001 }) });
    expect(short.usd).toBeCloseTo(0.25, 9);
    expect(long.usd).toBeCloseTo(200_001 * 2.5e-6, 9);
  });

  it("accepts the vendors' spellings of a listed model", () => {
    expect(resolveModelPrice({ table, provider: "gemini", model: "models/gemini-2.5-flash" }).modelKey).toBe("gemini-2.5-flash");
    expect(resolveModelPrice({ table, provider: "openai", model: "gpt-4.1-2025-04-14" }).modelKey).toBe("gpt-4.1");
    expect(resolveModelPrice({ table, provider: "anthropic", model: "claude-opus-4-8[1m]" }).modelKey).toBe("claude-opus-4-8");
  });

  it("prices an unknown model at the conservative rate, flags it, and never as free", () => {
    const r = priceUsage({ table, provider: "openai", model: "gpt-9-turbo-experimental", usage: usage({ inputTokens: 1000, outputTokens: 1000 }) });
    expect(r.known).toBe(false);
    expect(r.modelKey).toBeNull();
    expect(r.usd).toBeGreaterThan(0);
    expect(r.usd).toBeCloseTo(1000 * 30e-6 + 1000 * 180e-6, 12);
  });

  it("does not match an unlisted sibling to a cheaper listed model by prefix", () => {
    expect(resolveModelPrice({ table, provider: "openai", model: "gpt-5-ultra" }).known).toBe(false);
    expect(resolveModelPrice({ table, provider: "anthropic", model: "claude-opus-4-9" }).known).toBe(false);
  });
});

describe("maxCostForRequest", () => {
  it("reserves the request's own output limit plus the prompt at the dearest input rate", () => {
    const r = maxCostForRequest({ table, provider: "anthropic", model: "claude-haiku-4-5", maxOutputTokens: 1000, inputTokensEstimate: 2000 });
    // 2000 × $1.25/M (cache write > input) + 1000 × $5/M
    expect(r.usd).toBeCloseTo(0.0025 + 0.005, 12);
    expect(r.maxTokens).toBe(3000);
  });

  it("reserves the model's largest output when the request sets no limit", () => {
    const r = maxCostForRequest({ table, provider: "openai", model: "gpt-5.1-codex", inputTokensEstimate: 0 });
    expect(r.maxOutputTokens).toBe(128_000);
    expect(r.usd).toBeCloseTo(1.28, 9);
  });

  it("is never below the cost of any usage that fits the reservation", () => {
    const max = maxCostForRequest({ table, provider: "anthropic", model: "claude-sonnet-4-5", maxOutputTokens: 500, inputTokensEstimate: 10_000 });
    for (const split of [0, 0.3, 1]) {
      const cacheWriteTokens = Math.round(10_000 * split);
      const actual = priceUsage({ table, provider: "anthropic", model: "claude-sonnet-4-5", usage: usage({ inputTokens: 10_000 - cacheWriteTokens, cacheWriteTokens, outputTokens: 500 }) });
      expect(actual.nanoUsd).toBeLessThanOrEqual(max.nanoUsd);
    }
  });

  it("estimates prompt tokens from body size", () => {
    expect(estimateInputTokens({ bodyBytes: 3001 })).toBe(1001);
  });
});

describe("parsePriceTable", () => {
  it("rejects a malformed table naming the broken field", () => {
    const broken = structuredClone(rawPrices) as { providers: { openai: { models: Record<string, { output: unknown }> } } };
    broken.providers.openai.models["gpt-5"]!.output = -1;
    expect(() => parsePriceTable({ input: broken })).toThrow(PriceTableError);
    expect(() => parsePriceTable({ input: broken })).toThrow(/providers\.openai\.models\.gpt-5\.output/);
  });

  it("rejects a table whose unknown rate is free", () => {
    const free = structuredClone(rawPrices) as { providers: { gemini: { unknown: { input: number; output: number } } } };
    free.providers.gemini.unknown.output = 0;
    expect(() => parsePriceTable({ input: free })).toThrow(/never free/);
  });

  it("rejects a table without a version or with a missing provider", () => {
    const { version: _v, ...noVersion } = rawPrices;
    expect(() => parsePriceTable({ input: noVersion })).toThrow(/version/);
    const noGemini = { ...rawPrices, providers: { anthropic: rawPrices.providers.anthropic, openai: rawPrices.providers.openai } };
    expect(() => parsePriceTable({ input: noGemini })).toThrow(/providers\.gemini/);
    expect(() => parsePriceTable({ input: "not json" })).toThrow(PriceTableError);
  });
});
