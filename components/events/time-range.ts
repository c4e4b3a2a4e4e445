/** Relative ranges offered by the explorer, and their start times. */
export const RANGES = [
  { value: "15m", label: "Last 15 minutes" },
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
] as const;

export function rangeToFrom(range: string, now = Date.now()): string {
  const match = /^(\d+)([mhd])$/.exec(range);
  const n = Number(match?.[1] ?? 24);
  const unit = match?.[2] === "m" ? 60_000 : match?.[2] === "d" ? 86_400_000 : 3_600_000;
  return new Date(now - n * unit).toISOString();
}
