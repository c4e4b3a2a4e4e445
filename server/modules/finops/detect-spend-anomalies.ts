/**
 * Anomaly flag: a day whose spend is more than `multiplier` times the average of the 7 days before it. Days with no
 * history (no spend in the trailing window) are not flagged (there is nothing to compare with), and tiny amounts
 * (below `minUsd`) are ignored so a $0.02 day after a $0.001 week is not an incident.
 */
export type TSpendAnomaly = { day: string; usd: number; trailingAvgUsd: number; ratio: number };

export function detectSpendAnomalies(opts: { days: string[]; dailyUsd: Map<string, number>; multiplier: number; minUsd?: number; window?: number }): TSpendAnomaly[] {
  if (!(opts.multiplier > 1)) throw new RangeError("the anomaly multiplier must be greater than 1");
  const window = opts.window ?? 7;
  const minUsd = opts.minUsd ?? 1;
  const out: TSpendAnomaly[] = [];
  for (const day of opts.days) {
    const t = Date.parse(`${day}T00:00:00Z`);
    let sum = 0;
    for (let i = 1; i <= window; i++) sum += opts.dailyUsd.get(new Date(t - i * 86_400_000).toISOString().slice(0, 10)) ?? 0;
    const avg = sum / window;
    const usd = opts.dailyUsd.get(day) ?? 0;
    if (avg > 0 && usd >= minUsd && usd > opts.multiplier * avg) out.push({ day, usd, trailingAvgUsd: avg, ratio: usd / avg });
  }
  return out;
}
