/**
 * The quota engine: limits per scope (identity, person, device, project, business unit, environment) on requests per
 * minute, tokens per UTC day, USD per UTC calendar month and concurrent requests.
 *
 * A call first `reserve`s its maximum cost (tokens and money) against every scope at once; the reservation is held
 * until `settle` (records the actual usage, frees the rest) or `release` (the call never reached the vendor). The
 * decision is synchronous and in-process: JavaScript runs it to completion before any other request is looked at, so
 * concurrent requests cannot both see the same headroom — the budget cannot be overshot as long as each reservation
 * is a true upper bound.
 *
 * Money is kept in integer nano-dollars so that a budget that fits exactly N reservations admits exactly N.
 *
 * Sharing a budget across devices (one person, several laptops): `snapshot()` reports this device's usage per scope
 * and period with an id; the server adds it to what the other devices reported and answers with totals through
 * `applyServerUsage({ snapshotId, entries })`. The engine then counts usage as `server total + local usage recorded
 * after that snapshot`.
 */
import { z } from "zod";
import { nanoToUsd, usdToNano } from "../../../server/contracts/pricing";

export const quotaScopeKinds = ["identity", "person", "device", "project", "businessUnit", "environment"] as const;
export const ZQuotaScopeKind = z.enum(quotaScopeKinds);
export type TQuotaScopeKind = z.infer<typeof ZQuotaScopeKind>;

export const ZQuotaScope = z.strictObject({ kind: ZQuotaScopeKind, id: z.string().min(1) });
export type TQuotaScope = z.infer<typeof ZQuotaScope>;

export const ZQuotaLimits = z.strictObject({
  requestsPerMinute: z.number().int().positive().optional(),
  tokensPerDay: z.number().int().positive().optional(),
  usdPerMonth: z.number().finite().positive().optional(),
  concurrentRequests: z.number().int().positive().optional(),
});
export type TQuotaLimits = z.infer<typeof ZQuotaLimits>;
export type TQuotaLimitName = keyof TQuotaLimits;

export interface TQuotaRefusal {
  scope: TQuotaScope;
  limit: TQuotaLimitName;
  limitValue: number;
  retryAfterSeconds: number;
  message: string;
}

export interface TQuotaReservation {
  readonly id: number;
  readonly maxUsd: number;
  readonly maxTokens: number;
}

export type TReserveResult = { ok: true; reservation: TQuotaReservation } | { ok: false; refusal: TQuotaRefusal };

export const ZQuotaSnapshotEntry = z.strictObject({
  scope: ZQuotaScope,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  tokens: z.number().int().nonnegative(),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  usd: z.number().finite().nonnegative(),
});
export type TQuotaSnapshotEntry = z.infer<typeof ZQuotaSnapshotEntry>;

export interface TQuotaSnapshot {
  id: number;
  takenAt: string;
  /** This device's cumulative usage per scope for the current day (tokens) and month (USD). */
  entries: TQuotaSnapshotEntry[];
}

export const ZServerUsage = z.strictObject({
  /** The last snapshot of this device the server's totals include; null when they include none of its usage. */
  snapshotId: z.number().int().nonnegative().nullable(),
  entries: z.array(ZQuotaSnapshotEntry),
});
export type TServerUsage = z.infer<typeof ZServerUsage>;

export interface TScopeUsage {
  requestsLastMinute: number;
  concurrent: number;
  tokensToday: number;
  heldTokens: number;
  usdThisMonth: number;
  heldUsd: number;
}

export interface QuotaEngine {
  setLimits(p: { scope: TQuotaScope; limits: TQuotaLimits }): void;
  reserve(p: { scopes: TQuotaScope[]; maxUsd: number; maxTokens: number }): TReserveResult;
  settle(p: { reservation: TQuotaReservation; actual: { usd: number; tokens: number } }): void;
  release(p: { reservation: TQuotaReservation }): void;
  usage(p: { scope: TQuotaScope }): TScopeUsage;
  snapshot(): TQuotaSnapshot;
  applyServerUsage(p: TServerUsage): void;
}

export class QuotaInputError extends Error {
  override name = "QuotaInputError";
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface ScopeState {
  scope: TQuotaScope;
  limits: TQuotaLimits;
  usdLimitNano: number;
  /** Timestamps of the last `requestsPerMinute` admitted requests (ring): an exact sliding window. */
  ring: Float64Array | null;
  ringHead: number;
  concurrent: number;
  heldTokens: number;
  heldNano: number;
  dayIndex: number;
  localTokensDay: number;
  baseTokensDay: number;
  monthKey: string;
  localNanoMonth: number;
  baseNanoMonth: number;
}

interface Reservation extends TQuotaReservation {
  states: ScopeState[];
  nano: number;
  done: boolean;
}

const keyOf = (s: TQuotaScope): string => `${s.kind}\u0000${s.id}`;
const dayKeyOf = (dayIndex: number): string => new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
const monthKeyOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);
const nextMonthStartMs = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};
const scopeLabel = (s: TQuotaScope): string => `${s.kind} "${s.id}"`;

function buildRing(limit: number | undefined, old: Float64Array | null, oldHead: number): Float64Array | null {
  if (limit === undefined) return null;
  const ring = new Float64Array(limit).fill(Number.NEGATIVE_INFINITY);
  if (old) {
    // keep the most recent timestamps, oldest first, so the window carries over a limit change
    const recent: number[] = [];
    for (let i = 0; i < old.length; i++) recent.push(old[(oldHead + i) % old.length]!);
    const keep = recent.slice(-limit);
    ring.set(keep, limit - keep.length);
  }
  return ring;
}

export function createQuotaEngine({
  limits = [],
  now = Date.now,
}: { limits?: Array<{ scope: TQuotaScope; limits: TQuotaLimits }>; now?: () => number } = {}): QuotaEngine {
  const states = new Map<string, ScopeState>();
  const snapshots = new Map<number, Map<string, { day: string; tokens: number; month: string; nano: number }>>();
  let nextReservationId = 1;
  let nextSnapshotId = 1;

  function stateFor(scope: TQuotaScope, t: number): ScopeState {
    const key = keyOf(scope);
    let s = states.get(key);
    if (!s) {
      s = {
        scope: { kind: scope.kind, id: scope.id },
        limits: {},
        usdLimitNano: Number.POSITIVE_INFINITY,
        ring: null,
        ringHead: 0,
        concurrent: 0,
        heldTokens: 0,
        heldNano: 0,
        dayIndex: Math.floor(t / DAY_MS),
        localTokensDay: 0,
        baseTokensDay: 0,
        monthKey: monthKeyOf(t),
        localNanoMonth: 0,
        baseNanoMonth: 0,
      };
      states.set(key, s);
    }
    return s;
  }

  function rollPeriods(s: ScopeState, t: number): void {
    const dayIndex = Math.floor(t / DAY_MS);
    if (dayIndex !== s.dayIndex) {
      s.dayIndex = dayIndex;
      s.localTokensDay = 0;
      s.baseTokensDay = 0;
      const monthKey = monthKeyOf(t);
      if (monthKey !== s.monthKey) {
        s.monthKey = monthKey;
        s.localNanoMonth = 0;
        s.baseNanoMonth = 0;
      }
    }
  }

  function check(s: ScopeState, t: number, maxTokens: number, maxNano: number): TQuotaRefusal | null {
    const { limits } = s;
    if (limits.concurrentRequests !== undefined && s.concurrent + 1 > limits.concurrentRequests) {
      return {
        scope: s.scope,
        limit: "concurrentRequests",
        limitValue: limits.concurrentRequests,
        retryAfterSeconds: 1,
        message: `concurrent request limit of ${limits.concurrentRequests} for ${scopeLabel(s.scope)} reached (${s.concurrent} in flight)`,
      };
    }
    if (s.ring && limits.requestsPerMinute !== undefined) {
      const oldest = s.ring[s.ringHead]!;
      if (t - oldest < MINUTE_MS) {
        return {
          scope: s.scope,
          limit: "requestsPerMinute",
          limitValue: limits.requestsPerMinute,
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + MINUTE_MS - t) / 1000)),
          message: `rate limit of ${limits.requestsPerMinute} requests per minute for ${scopeLabel(s.scope)} reached`,
        };
      }
    }
    if (limits.tokensPerDay !== undefined) {
      const used = s.baseTokensDay + s.localTokensDay;
      if (used + s.heldTokens + maxTokens > limits.tokensPerDay) {
        return {
          scope: s.scope,
          limit: "tokensPerDay",
          limitValue: limits.tokensPerDay,
          retryAfterSeconds: Math.max(1, Math.ceil(((s.dayIndex + 1) * DAY_MS - t) / 1000)),
          message:
            `daily token limit of ${limits.tokensPerDay} for ${scopeLabel(s.scope)} would be exceeded ` +
            `(used ${used}, in flight ${s.heldTokens}, this request up to ${maxTokens}); resets at ${dayKeyOf(s.dayIndex + 1)}T00:00:00Z`,
        };
      }
    }
    if (limits.usdPerMonth !== undefined) {
      const used = s.baseNanoMonth + s.localNanoMonth;
      if (used + s.heldNano + maxNano > s.usdLimitNano) {
        const reset = nextMonthStartMs(t);
        return {
          scope: s.scope,
          limit: "usdPerMonth",
          limitValue: limits.usdPerMonth,
          retryAfterSeconds: Math.max(1, Math.ceil((reset - t) / 1000)),
          message:
            `monthly budget of $${limits.usdPerMonth.toFixed(2)} for ${scopeLabel(s.scope)} would be exceeded ` +
            `(spent $${nanoToUsd(used).toFixed(4)}, in flight $${nanoToUsd(s.heldNano).toFixed(4)}, this request up to $${nanoToUsd(maxNano).toFixed(4)}); ` +
            `resets at ${new Date(reset).toISOString()}`,
        };
      }
    }
    return null;
  }

  function finish(r: Reservation, actualTokens: number, actualNano: number): void {
    if (r.done) return;
    r.done = true;
    const t = now();
    for (const s of r.states) {
      rollPeriods(s, t);
      s.concurrent -= 1;
      s.heldTokens -= r.maxTokens;
      s.heldNano -= r.nano;
      s.localTokensDay += actualTokens;
      s.localNanoMonth += actualNano;
    }
  }

  function asReservation(reservation: TQuotaReservation): Reservation {
    const r = reservation as Reservation;
    if (!Array.isArray(r.states)) throw new QuotaInputError("not a reservation made by this quota engine");
    return r;
  }

  function validateSettle(actual: { usd: number; tokens: number }): void {
    if (!Number.isFinite(actual.usd) || actual.usd < 0) throw new QuotaInputError(`actual usd must be a non-negative number, got ${actual.usd}`);
    if (!Number.isInteger(actual.tokens) || actual.tokens < 0) throw new QuotaInputError(`actual tokens must be a non-negative integer, got ${actual.tokens}`);
  }

  const engine: QuotaEngine = {
    setLimits({ scope, limits: next }) {
      const parsedScope = ZQuotaScope.safeParse(scope);
      const parsedLimits = ZQuotaLimits.safeParse(next);
      if (!parsedScope.success) throw new QuotaInputError(`invalid quota scope: ${parsedScope.error.issues.map((i) => i.message).join("; ")}`);
      if (!parsedLimits.success) {
        throw new QuotaInputError(`invalid quota limits: ${parsedLimits.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      }
      const s = stateFor(parsedScope.data, now());
      const limitsValue = parsedLimits.data;
      if (limitsValue.requestsPerMinute !== s.limits.requestsPerMinute) {
        s.ring = buildRing(limitsValue.requestsPerMinute, s.ring, s.ringHead);
        s.ringHead = 0;
      }
      s.limits = limitsValue;
      s.usdLimitNano = limitsValue.usdPerMonth === undefined ? Number.POSITIVE_INFINITY : usdToNano(limitsValue.usdPerMonth);
    },

    reserve({ scopes, maxUsd, maxTokens }) {
      if (!Number.isFinite(maxUsd) || maxUsd < 0) throw new QuotaInputError(`maxUsd must be a non-negative number, got ${maxUsd}`);
      if (!Number.isInteger(maxTokens) || maxTokens < 0) throw new QuotaInputError(`maxTokens must be a non-negative integer, got ${maxTokens}`);
      const t = now();
      const maxNano = usdToNano(maxUsd);
      const involved: ScopeState[] = [];
      for (const scope of scopes) {
        const s = stateFor(scope, t);
        if (involved.includes(s)) continue;
        rollPeriods(s, t);
        const refusal = check(s, t, maxTokens, maxNano);
        if (refusal) return { ok: false, refusal };
        involved.push(s);
      }
      // every scope has room: commit the hold on all of them (nothing above can interleave with this)
      for (const s of involved) {
        s.concurrent += 1;
        s.heldTokens += maxTokens;
        s.heldNano += maxNano;
        if (s.ring) {
          s.ring[s.ringHead] = t;
          s.ringHead = (s.ringHead + 1) % s.ring.length;
        }
      }
      const reservation: Reservation = { id: nextReservationId++, maxUsd, maxTokens, states: involved, nano: maxNano, done: false };
      return { ok: true, reservation };
    },

    settle({ reservation, actual }) {
      validateSettle(actual);
      finish(asReservation(reservation), actual.tokens, usdToNano(actual.usd));
    },

    release({ reservation }) {
      finish(asReservation(reservation), 0, 0);
    },

    usage({ scope }) {
      const t = now();
      const s = stateFor(scope, t);
      rollPeriods(s, t);
      let recent = 0;
      if (s.ring) for (const ts of s.ring) if (t - ts < MINUTE_MS) recent += 1;
      return {
        requestsLastMinute: recent,
        concurrent: s.concurrent,
        tokensToday: s.baseTokensDay + s.localTokensDay,
        heldTokens: s.heldTokens,
        usdThisMonth: nanoToUsd(s.baseNanoMonth + s.localNanoMonth),
        heldUsd: nanoToUsd(s.heldNano),
      };
    },

    snapshot() {
      const t = now();
      const id = nextSnapshotId++;
      const record = new Map<string, { day: string; tokens: number; month: string; nano: number }>();
      const entries: TQuotaSnapshotEntry[] = [];
      for (const [key, s] of states) {
        rollPeriods(s, t);
        const day = dayKeyOf(s.dayIndex);
        record.set(key, { day, tokens: s.localTokensDay, month: s.monthKey, nano: s.localNanoMonth });
        entries.push({ scope: { ...s.scope }, day, tokens: s.localTokensDay, month: s.monthKey, usd: nanoToUsd(s.localNanoMonth) });
      }
      snapshots.set(id, record);
      for (const old of snapshots.keys()) if (old <= id - 32) snapshots.delete(old); // keep the recent ones only
      return { id, takenAt: new Date(t).toISOString(), entries };
    },

    applyServerUsage(input) {
      const parsed = ZServerUsage.safeParse(input);
      if (!parsed.success) throw new QuotaInputError(`invalid server usage: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      const { snapshotId, entries } = parsed.data;
      const record = snapshotId === null ? new Map() : snapshots.get(snapshotId);
      if (!record) throw new QuotaInputError(`unknown or expired quota snapshot ${snapshotId}; send a fresh snapshot`);
      const t = now();
      for (const e of entries) {
        const s = stateFor(e.scope, t);
        rollPeriods(s, t);
        const mine = record.get(keyOf(e.scope));
        if (e.day === dayKeyOf(s.dayIndex)) {
          const localAtSnapshot = mine && mine.day === e.day ? mine.tokens : 0;
          s.baseTokensDay = Math.max(0, e.tokens - localAtSnapshot);
        }
        if (e.month === s.monthKey) {
          const localAtSnapshot = mine && mine.month === e.month ? mine.nano : 0;
          s.baseNanoMonth = Math.max(0, usdToNano(e.usd) - localAtSnapshot);
        }
      }
    },
  };

  for (const l of limits) engine.setLimits(l);
  return engine;
}
