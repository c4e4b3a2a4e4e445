/** Validates a rollout proposal (shape, ring order, waves, ranges, one change per target); throws BAD_REQUEST listing every problem. */
import { AppError } from "@/server/errors";
import { DEFAULT_STAGES, RINGS, ZRolloutInput, ZRolloutStageInput, lockKeyOf, type TRing, type TRolloutGates, type TRolloutPlan } from "./rollout-schemas";
import { z } from "zod";

export type TValidatedStage = { ring: TRing; waves: number[]; soakMinutes: number; gates: TRolloutGates; approvalRole: "operator" | "admin" | "owner" | null; twoPerson: boolean };
export type TValidatedRollout = {
  title: string;
  changes: z.infer<typeof ZRolloutInput>["changes"];
  stages: TValidatedStage[];
  plan: TRolloutPlan;
};

export function validateRolloutInput({ input }: { input: unknown }): TValidatedRollout {
  const parsed = ZRolloutInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "), { problems: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
  }
  const value = parsed.data;
  const problems: { path: string; message: string }[] = [];
  const stagesIn = value.stages ?? DEFAULT_STAGES.map((s) => ZRolloutStageInput.parse(s));
  const rings = stagesIn.map((s) => s.ring);
  if (rings.join(",") !== RINGS.join(",")) {
    problems.push({ path: "stages", message: `the plan must have exactly one stage per ring, in order dev, staging, prod (got ${rings.join(", ") || "none"})` });
  }
  stagesIn.forEach((s, i) => {
    const waves = s.waves;
    for (let w = 1; w < waves.length; w++) if (waves[w]! <= waves[w - 1]!) problems.push({ path: `stages[${i}].waves`, message: `waves are cumulative percentages and must go up (${waves.join(", ")})` });
    if (waves.at(-1) !== 100) problems.push({ path: `stages[${i}].waves`, message: `the last wave must be 100 (the whole ${s.ring} ring), got ${waves.at(-1)}` });
  });
  const targets = new Set<string>();
  value.changes.forEach((c, i) => {
    const key = c.kind === "policy" ? lockKeyOf({ kind: "policy", target: c.verdictClass }) : lockKeyOf({ kind: "registry-entry", target: c.entry.productSlug });
    if (targets.has(key)) problems.push({ path: `changes[${i}]`, message: `${key} is changed twice in one rollout` });
    targets.add(key);
  });
  if (problems.length > 0) throw new AppError("BAD_REQUEST", problems.map((p) => `${p.path}: ${p.message}`).join("; "), { problems });
  const plan: TRolloutPlan = { promotion: value.promotion, autoRollback: value.autoRollback, twoPersonRule: value.twoPersonRule };
  const stages = stagesIn.map((s) => ({
    ring: s.ring,
    waves: s.waves,
    soakMinutes: s.soakMinutes,
    gates: s.gates,
    approvalRole: s.approvalRole ?? null,
    twoPerson: plan.twoPersonRule && s.ring === "prod",
  }));
  // The two-person rule needs someone to approve prod: without a role given, an admin does.
  for (const s of stages) if (s.twoPerson && !s.approvalRole) s.approvalRole = "admin";
  return { title: value.title, changes: value.changes, stages, plan };
}
