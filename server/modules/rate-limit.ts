/**
 * A fixed-window limiter kept in process memory, for brute-force brakes (sign-in) and fair-use
 * limits (SCIM). Per node: with N console nodes the effective limit is up to N times higher,
 * which is acceptable for these brakes (see README, "Limits").
 */
export function createRateLimiter(opts: { limit: number; windowMs: number; maxKeys?: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = opts.maxKeys ?? 100_000;
  return {
    /** Counts one hit; returns whether it is allowed and, if not, after how many seconds to retry. */
    hit(key: string, now = Date.now()): { allowed: boolean; retryAfterSec: number } {
      let w = windows.get(key);
      if (!w || now - w.start >= opts.windowMs) {
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      const allowed = w.count <= opts.limit;
      return { allowed, retryAfterSec: allowed ? 0 : Math.ceil((w.start + opts.windowMs - now) / 1000) };
    },
    reset(key: string) {
      windows.delete(key);
    },
  };
}
