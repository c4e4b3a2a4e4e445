import { describe, expect, it } from "vitest";
import { QuotaInputError, createQuotaEngine, type TQuotaReservation, type TReserveResult } from "./quota-engine";

const alice = { kind: "person", id: "alice" } as const;
const laptop = { kind: "device", id: "laptop-1" } as const;
const finance = { kind: "businessUnit", id: "finance" } as const;

function clock(start = Date.UTC(2026, 10, 22, 12, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}
const held = (r: TReserveResult): TQuotaReservation => {
  if (!r.ok) throw new Error(`expected a reservation, got refusal: ${r.refusal.message}`);
  return r.reservation;
};

describe("quota engine: money per month", () => {
  it("admits exactly as many reservations as the budget fits and names the limit when it refuses", () => {
    const engine = createQuotaEngine({ limits: [{ scope: alice, limits: { usdPerMonth: 1 } }] });
    const results = Array.from({ length: 15 }, () => engine.reserve({ scopes: [alice, laptop], maxUsd: 0.1, maxTokens: 10 }));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const refused = results.find((r) => !r.ok);
    expect(refused?.ok).toBe(false);
    if (refused && !refused.ok) {
      expect(refused.refusal.limit).toBe("usdPerMonth");
      expect(refused.refusal.scope).toEqual(alice);
      expect(refused.refusal.message).toMatch(/monthly budget of \$1\.00 for person "alice"/);
    }
  });

  it("frees the unused part of a reservation on settle and counts the actual spend", () => {
    const engine = createQuotaEngine({ limits: [{ scope: alice, limits: { usdPerMonth: 1 } }] });
    const r = held(engine.reserve({ scopes: [alice], maxUsd: 0.9, maxTokens: 100 }));
    expect(engine.reserve({ scopes: [alice], maxUsd: 0.2, maxTokens: 1 }).ok).toBe(false);
    engine.settle({ reservation: r, actual: { usd: 0.25, tokens: 40 } });
    expect(engine.usage({ scope: alice })).toMatchObject({ usdThisMonth: 0.25, heldUsd: 0, tokensToday: 40, concurrent: 0 });
    expect(engine.reserve({ scopes: [alice], maxUsd: 0.75, maxTokens: 1 }).ok).toBe(true);
    expect(engine.reserve({ scopes: [alice], maxUsd: 0.01, maxTokens: 1 }).ok).toBe(false);
  });

  it("records nothing for a released reservation, and a second settle is ignored", () => {
    const engine = createQuotaEngine({ limits: [{ scope: alice, limits: { usdPerMonth: 1 } }] });
    const r = held(engine.reserve({ scopes: [alice], maxUsd: 1, maxTokens: 100 }));
    engine.release({ reservation: r });
    engine.settle({ reservation: r, actual: { usd: 1, tokens: 100 } });
    expect(engine.usage({ scope: alice })).toMatchObject({ usdThisMonth: 0, heldUsd: 0, tokensToday: 0 });
  });

  it("starts a fresh budget in a new calendar month", () => {
    const c = clock(Date.UTC(2026, 10, 30, 23, 59, 0));
    const engine = createQuotaEngine({ now: c.now, limits: [{ scope: alice, limits: { usdPerMonth: 1 } }] });
    engine.settle({ reservation: held(engine.reserve({ scopes: [alice], maxUsd: 1, maxTokens: 1 })), actual: { usd: 1, tokens: 1 } });
    const refused = engine.reserve({ scopes: [alice], maxUsd: 0.5, maxTokens: 1 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal.retryAfterSeconds).toBe(60);
    c.advance(61_000);
    expect(engine.reserve({ scopes: [alice], maxUsd: 0.5, maxTokens: 1 }).ok).toBe(true);
  });
});

describe("quota engine: other limits", () => {
  it("refuses on any one scope without holding anything on the others", () => {
    const engine = createQuotaEngine({ limits: [{ scope: finance, limits: { usdPerMonth: 0.05 } }] });
    const refused = engine.reserve({ scopes: [alice, laptop, finance], maxUsd: 0.1, maxTokens: 1 });
    expect(refused.ok).toBe(false);
    expect(engine.usage({ scope: alice })).toMatchObject({ concurrent: 0, heldUsd: 0, heldTokens: 0 });
  });

  it("limits concurrent requests and frees the slot when one finishes", () => {
    const engine = createQuotaEngine({ limits: [{ scope: laptop, limits: { concurrentRequests: 2 } }] });
    const a = held(engine.reserve({ scopes: [laptop], maxUsd: 0, maxTokens: 0 }));
    held(engine.reserve({ scopes: [laptop], maxUsd: 0, maxTokens: 0 }));
    const third = engine.reserve({ scopes: [laptop], maxUsd: 0, maxTokens: 0 });
    expect(third.ok || third.refusal.limit).toBe("concurrentRequests");
    engine.release({ reservation: a });
    expect(engine.reserve({ scopes: [laptop], maxUsd: 0, maxTokens: 0 }).ok).toBe(true);
  });

  it("limits requests per minute over a sliding window", () => {
    const c = clock();
    const engine = createQuotaEngine({ now: c.now, limits: [{ scope: alice, limits: { requestsPerMinute: 3 } }] });
    for (let i = 0; i < 3; i++) {
      engine.release({ reservation: held(engine.reserve({ scopes: [alice], maxUsd: 0, maxTokens: 0 })) });
      c.advance(10_000);
    }
    const refused = engine.reserve({ scopes: [alice], maxUsd: 0, maxTokens: 0 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.refusal.limit).toBe("requestsPerMinute");
      expect(refused.refusal.retryAfterSeconds).toBe(30);
    }
    c.advance(30_000);
    expect(engine.reserve({ scopes: [alice], maxUsd: 0, maxTokens: 0 }).ok).toBe(true);
    expect(engine.reserve({ scopes: [alice], maxUsd: 0, maxTokens: 0 }).ok).toBe(false);
  });

  it("limits tokens per UTC day and resets at midnight", () => {
    const c = clock(Date.UTC(2026, 10, 22, 23, 0, 0));
    const engine = createQuotaEngine({ now: c.now, limits: [{ scope: alice, limits: { tokensPerDay: 1000 } }] });
    engine.settle({ reservation: held(engine.reserve({ scopes: [alice], maxUsd: 0, maxTokens: 900 })), actual: { usd: 0, tokens: 700 } });
    const refused = engine.reserve({ scopes: [alice], maxUsd: 0, maxTokens: 301 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal.message).toMatch(/daily token limit of 1000 for person "alice".*used 700/);
    expect(engine.reserve({ scopes: [alice], maxUsd: 0, maxTokens: 300 }).ok).toBe(true);
    c.advance(3_600_000);
    expect(engine.usage({ scope: alice }).tokensToday).toBe(0);
  });
});

describe("quota engine: bad input changes nothing", () => {
  it("rejects invalid limits, scopes and amounts with a clear error", () => {
    const engine = createQuotaEngine({ limits: [{ scope: alice, limits: { usdPerMonth: 1 } }] });
    expect(() => engine.setLimits({ scope: alice, limits: { usdPerMonth: -5 } })).toThrow(QuotaInputError);
    expect(() => engine.setLimits({ scope: { kind: "planet", id: "x" } as never, limits: {} })).toThrow(/invalid quota scope/);
    expect(() => engine.reserve({ scopes: [alice], maxUsd: Number.NaN, maxTokens: 1 })).toThrow(/maxUsd/);
    expect(() => engine.reserve({ scopes: [alice], maxUsd: 1, maxTokens: 1.5 })).toThrow(/maxTokens/);
    // the original limit still applies
    expect(engine.reserve({ scopes: [alice], maxUsd: 1.01, maxTokens: 1 }).ok).toBe(false);
    expect(engine.reserve({ scopes: [alice], maxUsd: 1, maxTokens: 1 }).ok).toBe(true);
  });
});

describe("quota engine: a budget shared across devices through the server", () => {
  it("counts the other devices' spend reported by the server plus local spend since the snapshot", () => {
    const c = clock();
    const laptopEngine = createQuotaEngine({ now: c.now, limits: [{ scope: alice, limits: { usdPerMonth: 10 } }] });
    laptopEngine.settle({ reservation: held(laptopEngine.reserve({ scopes: [alice], maxUsd: 2, maxTokens: 10 })), actual: { usd: 2, tokens: 10 } });
    const snap = laptopEngine.snapshot();
    expect(snap.entries).toEqual([{ scope: alice, day: "2026-11-22", tokens: 10, month: "2026-11", usd: 2 }]);

    // after the snapshot the laptop spends $1 more; the server meanwhile got $5 from the desktop
    laptopEngine.settle({ reservation: held(laptopEngine.reserve({ scopes: [alice], maxUsd: 1, maxTokens: 5 })), actual: { usd: 1, tokens: 5 } });
    laptopEngine.applyServerUsage({ snapshotId: snap.id, entries: [{ scope: alice, day: "2026-11-22", tokens: 30, month: "2026-11", usd: 7 }] });

    // server $7 (laptop's $2 + desktop's $5) + laptop's $1 since the snapshot = $8
    expect(laptopEngine.usage({ scope: alice })).toMatchObject({ usdThisMonth: 8, tokensToday: 35 });
    expect(laptopEngine.reserve({ scopes: [alice], maxUsd: 2.01, maxTokens: 1 }).ok).toBe(false);
    expect(laptopEngine.reserve({ scopes: [alice], maxUsd: 2, maxTokens: 1 }).ok).toBe(true);
  });

  it("refuses server usage naming an unknown snapshot, changing nothing", () => {
    const engine = createQuotaEngine();
    expect(() => engine.applyServerUsage({ snapshotId: 42, entries: [{ scope: alice, day: "2026-11-22", tokens: 1, month: "2026-11", usd: 1 }] })).toThrow(/unknown or expired quota snapshot 42/);
    expect(engine.usage({ scope: alice }).usdThisMonth).toBe(0);
  });
});
