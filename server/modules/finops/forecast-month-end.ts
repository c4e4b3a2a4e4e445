/**
 * Month-end forecast: month-to-date spend plus the trailing daily run rate (the average of the last `window` full
 * days, or of the days elapsed when the month is younger) times the days left, today's remainder included.
 */
export function forecastMonthEnd(opts: { now: Date; dailyUsd: Map<string, number>; window?: number }): { monthToDateUsd: number; runRateUsdPerDay: number; forecastUsd: number; daysLeft: number } {
  const { now } = opts;
  const window = opts.window ?? 7;
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const monthStart = Date.UTC(y, m, 1);
  const monthEnd = Date.UTC(y, m + 1, 1);
  const todayStart = Date.UTC(y, m, now.getUTCDate());
  let monthToDate = 0;
  for (const [day, usd] of opts.dailyUsd) {
    const t = Date.parse(`${day}T00:00:00Z`);
    if (t >= monthStart && t < monthEnd) monthToDate += usd;
  }
  let sum = 0;
  let n = 0;
  for (let i = 1; i <= window; i++) {
    const t = todayStart - i * 86_400_000;
    if (t < monthStart && n > 0) break; // young month: average the days we have
    sum += opts.dailyUsd.get(new Date(t).toISOString().slice(0, 10)) ?? 0;
    n += 1;
  }
  const runRate = n > 0 ? sum / n : 0;
  const dayFractionLeft = (todayStart + 86_400_000 - now.getTime()) / 86_400_000;
  const fullDaysLeft = Math.round((monthEnd - (todayStart + 86_400_000)) / 86_400_000);
  const daysLeft = fullDaysLeft + dayFractionLeft;
  return { monthToDateUsd: monthToDate, runRateUsdPerDay: runRate, forecastUsd: monthToDate + runRate * daysLeft, daysLeft };
}
