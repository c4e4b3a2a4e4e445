import { describe, expect, it } from "vitest";
import { computeBackoffDelay } from "@/agent-enroller/src/loop/backoff";

describe("computeBackoffDelay", () => {
  it("doubles per attempt, jittered between half and all of the step", () => {
    expect(computeBackoffDelay({ attempt: 0, baseMs: 1000, random: () => 0 })).toBe(500);
    expect(computeBackoffDelay({ attempt: 0, baseMs: 1000, random: () => 1 })).toBe(1000);
    expect(computeBackoffDelay({ attempt: 3, baseMs: 1000, random: () => 0 })).toBe(4000);
    expect(computeBackoffDelay({ attempt: 3, baseMs: 1000, random: () => 1 })).toBe(8000);
  });

  it("never exceeds the 5 minute cap, however many failures", () => {
    for (const attempt of [9, 10, 50, 10_000]) {
      const d = computeBackoffDelay({ attempt, random: () => 1 });
      expect(d).toBe(300_000);
      expect(computeBackoffDelay({ attempt, random: () => 0 })).toBe(150_000);
    }
  });

  it("spreads a fleet: different random draws give different delays", () => {
    const delays = new Set(Array.from({ length: 50 }, () => computeBackoffDelay({ attempt: 5 })));
    expect(delays.size).toBeGreaterThan(10);
  });
});
