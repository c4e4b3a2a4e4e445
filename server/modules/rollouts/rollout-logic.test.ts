import { describe, expect, it } from "vitest";
import { checkRolloutGates } from "./check-rollout-gates";
import { ZRolloutGates } from "./rollout-schemas";
import { selectWaveDevices } from "./select-wave-devices";
import { validateRolloutInput } from "./validate-rollout-input";

const gates = ZRolloutGates.parse({});
const counts = { targeted: 10, applied: 10, attested: 10, failed: 0, startFailures: 0, errorEvents: 0, killSwitches: 0 };

describe("checkRolloutGates", () => {
  it("passes a healthy stage and names each exceeded threshold", () => {
    expect(checkRolloutGates({ counts, gates })).toEqual({ failing: [], attestedPct: 100, failurePct: 0, enoughAttested: true });
    const bad = checkRolloutGates({ counts: { ...counts, attested: 7, failed: 1, startFailures: 2, errorEvents: 26, killSwitches: 1 }, gates });
    expect(bad.failing).toEqual(["attestation failures 1/10 (10%) exceed 0%", "agent start failures 2 exceed 0", "error events 26 exceed 25", "kill switches fired 1 exceed 0"]);
    expect(bad.enoughAttested).toBe(false);
  });
  it("tolerates failures up to the threshold; an empty ring passes", () => {
    expect(checkRolloutGates({ counts: { ...counts, failed: 1, attested: 9 }, gates: { ...gates, maxAttestationFailurePct: 10, minAttestedPct: 90 } })).toMatchObject({ failing: [], enoughAttested: true });
    expect(checkRolloutGates({ counts: { ...counts, targeted: 0, applied: 0, attested: 0 }, gates })).toMatchObject({ failing: [], enoughAttested: true });
  });
});

describe("selectWaveDevices", () => {
  const ids = Array.from({ length: 100 }, (_, i) => `device-${i}`);
  it("takes ceil(pct) of the ring, the same devices every time, earlier waves inside later ones", () => {
    const ten = selectWaveDevices({ rolloutId: "r1", deviceIds: ids, pct: 10 });
    expect(ten).toHaveLength(10);
    expect(selectWaveDevices({ rolloutId: "r1", deviceIds: [...ids].reverse(), pct: 10 })).toEqual(ten);
    const fifty = selectWaveDevices({ rolloutId: "r1", deviceIds: ids, pct: 50 });
    expect(fifty.slice(0, 10)).toEqual(ten);
    expect(selectWaveDevices({ rolloutId: "r1", deviceIds: ids.slice(0, 3), pct: 10 })).toHaveLength(1);
    expect(selectWaveDevices({ rolloutId: "r2", deviceIds: ids, pct: 10 })).not.toEqual(ten);
  });
});

describe("validateRolloutInput", () => {
  const change = { kind: "policy", verdictClass: "sanctioned", policy: {} };
  it("fills the default plan: prod approved by an admin, the two-person rule on prod only", () => {
    const v = validateRolloutInput({ input: { title: "Default", changes: [change], twoPersonRule: true } });
    expect(v.stages.map((s) => [s.ring, s.approvalRole, s.twoPerson])).toEqual([["dev", null, false], ["staging", null, false], ["prod", "admin", true]]);
  });
  it("refuses thresholds out of range, duplicate targets and waves not ending at 100", () => {
    expect(() => validateRolloutInput({ input: { title: "Bad", changes: [change], stages: [{ ring: "dev", gates: { minAttestedPct: 0 } }, { ring: "staging" }, { ring: "prod" }] } })).toThrow(/minAttestedPct must be between 1 and 100/);
    expect(() => validateRolloutInput({ input: { title: "Bad", changes: [change, change] } })).toThrow(/policy:sanctioned is changed twice/);
    expect(() => validateRolloutInput({ input: { title: "Bad", changes: [change], stages: [{ ring: "dev", waves: [10, 50] }, { ring: "staging" }, { ring: "prod" }] } })).toThrow(/the last wave must be 100/);
    expect(() => validateRolloutInput({ input: { title: "Bad", changes: [change], stages: [{ ring: "dev", gates: { maxErrorEvents: 1.5 } }, { ring: "staging" }, { ring: "prod" }] } })).toThrow(/maxErrorEvents must be a whole number/);
  });
});
