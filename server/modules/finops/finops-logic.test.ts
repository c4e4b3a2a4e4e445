import { describe, expect, it } from "vitest";
import { loadDefaultPriceTable, priceUsage } from "@/server/contracts/pricing";
import { detectSpendAnomalies } from "./detect-spend-anomalies";
import { forecastMonthEnd } from "./forecast-month-end";
import { formatChargebackCsv } from "./format-chargeback-csv";
import { mergePriceOverrides } from "./merge-price-overrides";

const days = (start: string, values: number[]) => new Map(values.map((v, i) => [new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), v]));

describe("detectSpendAnomalies", () => {
  it("flags a day above N x its trailing 7-day average, and only that day", () => {
    const daily = days("2026-11-01", [10, 10, 10, 10, 10, 10, 10, 45, 12]);
    const found = detectSpendAnomalies({ days: ["2026-11-08", "2026-11-09"], dailyUsd: daily, multiplier: 3 });
    expect(found).toEqual([{ day: "2026-11-08", usd: 45, trailingAvgUsd: 10, ratio: 4.5 }]);
    expect(detectSpendAnomalies({ days: ["2026-11-08"], dailyUsd: daily, multiplier: 5 })).toEqual([]);
  });
  it("does not flag a first day of spend (no history) or cents", () => {
    expect(detectSpendAnomalies({ days: ["2026-11-01"], dailyUsd: days("2026-11-01", [500]), multiplier: 3 })).toEqual([]);
    expect(detectSpendAnomalies({ days: ["2026-11-08"], dailyUsd: days("2026-11-01", [0.01, 0, 0, 0, 0, 0, 0, 0.5]), multiplier: 3 })).toEqual([]);
    expect(() => detectSpendAnomalies({ days: [], dailyUsd: new Map(), multiplier: 1 })).toThrow(/greater than 1/);
  });
});

describe("forecastMonthEnd", () => {
  it("adds the trailing 7-day run rate for the rest of the month to the month-to-date", () => {
    const daily = days("2026-11-01", Array(14).fill(10)); // Nov 1..14 at $10/day
    const f = forecastMonthEnd({ now: new Date("2026-11-15T00:00:00Z"), dailyUsd: daily });
    expect(f.monthToDateUsd).toBe(140);
    expect(f.runRateUsdPerDay).toBe(10);
    expect(f.daysLeft).toBe(16); // Nov 15 (whole) .. Nov 30
    expect(f.forecastUsd).toBe(300);
  });
  it("averages only the days the month has had so far, and ignores last month's spend in the month-to-date", () => {
    const daily = new Map([...days("2026-10-28", [100, 100, 100, 100]), ...days("2026-11-01", [20, 40])]);
    const f = forecastMonthEnd({ now: new Date("2026-11-03T12:00:00Z"), dailyUsd: daily });
    expect(f.monthToDateUsd).toBe(60);
    expect(f.runRateUsdPerDay).toBe(30);
    expect(f.forecastUsd).toBeCloseTo(60 + 30 * 27.5, 9);
  });
});

describe("formatChargebackCsv", () => {
  it("writes RFC 4180 CSV and defuses spreadsheet formulas in directory names", () => {
    const csv = formatChargebackCsv({
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-12-01T00:00:00Z"),
      rows: [{ businessUnit: "Payments, EU", project: '=HYPERLINK("x")', person: "Ann", personEmail: "ann@x.test", requests: 3, inputTokens: 10, outputTokens: 5, cacheTokens: 0, costUsd: 0.1234567, sharePct: 100 }],
    });
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("period_start,period_end,business_unit,project,person,person_email,requests,input_tokens,output_tokens,cache_tokens,cost_usd,share_pct");
    expect(lines[1]).toBe(`2026-11-01,2026-11-30,"Payments, EU","'=HYPERLINK(""x"")",Ann,ann@x.test,3,10,5,0,0.123457,100.00`);
    expect(lines[2]).toBe("");
  });
});

describe("mergePriceOverrides", () => {
  const base = loadDefaultPriceTable();
  it("prices a model at the tenant's negotiated rate and adds unlisted models, with a versioned table", () => {
    const table = mergePriceOverrides({
      base,
      overrides: [
        { provider: "anthropic", model: "claude-sonnet-4-5", input: 1, output: 2, cacheRead: 0.1, cacheWrite: 1.25 },
        { provider: "openai", model: "acme-finetune-1", input: 4, output: 8, cacheRead: 1, cacheWrite: 4 },
      ],
    });
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(priceUsage({ table, provider: "anthropic", model: "claude-sonnet-4-5-20250929", usage })).toMatchObject({ usd: 3, known: true });
    expect(priceUsage({ table, provider: "openai", model: "acme-finetune-1", usage })).toMatchObject({ usd: 12, known: true });
    expect(priceUsage({ table: base, provider: "openai", model: "acme-finetune-1", usage }).known).toBe(false);
    expect(table.version).toMatch(new RegExp(`^${base.version.replace(/\./g, "\\.")}\\+tenant\\.[0-9a-f]{8}$`));
    expect(mergePriceOverrides({ base, overrides: [] })).toBe(base);
  });
  it("refuses a malformed override instead of pricing with it", () => {
    expect(() => mergePriceOverrides({ base, overrides: [{ provider: "anthropic", model: "Bad Model", input: 1, output: 1, cacheRead: 1, cacheWrite: 1 }] })).toThrow(/malformed price table/);
  });
});
