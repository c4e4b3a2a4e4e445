/** The tenant's check-in interval (Tenant.settings.checkinIntervalSec), 60 s unless set to 10 s .. 1 day. */
export const DEFAULT_CHECKIN_INTERVAL_SEC = 60;

export function readCheckinInterval(options: { settings: unknown }): number {
  const value = (options.settings as { checkinIntervalSec?: unknown } | null)?.checkinIntervalSec;
  if (typeof value === "number" && Number.isInteger(value) && value >= 10 && value <= 86_400) return value;
  return DEFAULT_CHECKIN_INTERVAL_SEC;
}
