/**
 * Jittered exponential backoff ("equal jitter"): attempt n waits between half and all of min(cap, base * 2^n),
 * so retries from a fleet spread out yet never collapse to zero. Cap 5 minutes by default.
 */
export const DEFAULT_BACKOFF = { baseMs: 1000, capMs: 5 * 60 * 1000 } as const;

export function computeBackoffDelay(options: { attempt: number; baseMs?: number; capMs?: number; random?: () => number }): number {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const capMs = options.capMs ?? DEFAULT_BACKOFF.capMs;
  const random = options.random ?? Math.random;
  const attempt = Math.max(0, Math.floor(options.attempt));
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`, or early (without throwing) when the signal aborts. */
export function sleep(options: { ms: number; signal?: AbortSignal }): Promise<void> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve();
    const timer = setTimeout(done, options.ms);
    function done() {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", done);
      resolve();
    }
    options.signal?.addEventListener("abort", done, { once: true });
  });
}
