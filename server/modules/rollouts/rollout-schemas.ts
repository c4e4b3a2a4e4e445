/**
 * Input schemas of a rollout: the change set (policy revisions, registry entries), the plan (one stage per ring,
 * dev -> staging -> prod, optional cumulative percentage waves, soak time), the gates per stage (validated ranges)
 * and the approval rule per stage (minimum role; two-person rule for prod).
 */
import { z } from "zod";
import { ZRegistryEntryInput, ZPolicyVerdictClass } from "../registry/registry-schemas";

export const RINGS = ["dev", "staging", "prod"] as const;
export const ZRing = z.enum(RINGS);
export type TRing = z.infer<typeof ZRing>;

export const ZRolloutStatus = z.enum(["active", "halted", "completed", "rolled_back"]);
export type TRolloutStatus = z.infer<typeof ZRolloutStatus>;

export const ZStageStatus = z.enum(["pending", "awaiting_approval", "ready", "delivering", "soaking", "passed", "failed", "rolled_back"]);
export type TStageStatus = z.infer<typeof ZStageStatus>;

const pct = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .min(0, `${name} must be between 0 and 100 (percent)`)
    .max(100, `${name} must be between 0 and 100 (percent)`);
const count = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be between 0 and ${max}`)
    .max(max, `${name} must be between 0 and ${max}`);

/** Health gate of a stage: it fails as soon as a threshold is exceeded; it passes once `minAttestedPct` attested. */
export const ZRolloutGates = z.strictObject({
  /** Share of the stage's targeted devices whose apply or attestation of the new revision failed, in percent. */
  maxAttestationFailurePct: pct("maxAttestationFailurePct").default(0),
  /** Agent start failures on the new revision (the agent's own probe could not run it; session starts with outcome error). */
  maxStartFailures: count("maxStartFailures", 10_000).default(0),
  /** Events with outcome "error" from the stage's devices since the stage started. */
  maxErrorEvents: count("maxErrorEvents", 1_000_000).default(25),
  /** Kill switches that reached the stage's devices since the stage started. */
  maxKillSwitches: count("maxKillSwitches", 10_000).default(0),
  /** Share of targeted devices that must attest the new revision before the next wave or stage, in percent (1-100). */
  minAttestedPct: z
    .number({ error: "minAttestedPct must be a number" })
    .min(1, "minAttestedPct must be between 1 and 100 (percent)")
    .max(100, "minAttestedPct must be between 1 and 100 (percent)")
    .default(100),
});
export type TRolloutGates = z.infer<typeof ZRolloutGates>;

export const ZApprovalRole = z.enum(["operator", "admin", "owner"]);

export const ZRolloutStageInput = z.strictObject({
  ring: ZRing,
  /** Cumulative percentages of the ring's devices, strictly ascending, ending at 100. [100]: the whole ring at once. */
  waves: z.array(z.number().int("a wave is a whole percentage").min(1, "a wave is 1-100 percent").max(100, "a wave is 1-100 percent")).min(1).max(10).default([100]),
  /** Minimum time the last wave soaks before the stage passes (0 to 7 days). */
  soakMinutes: count("soakMinutes", 10_080).default(30),
  gates: ZRolloutGates.default(ZRolloutGates.parse({})),
  /** Who must approve the stage before it starts (minimum role); null: no approval. */
  approvalRole: ZApprovalRole.nullable().optional(),
});
export type TRolloutStageInput = z.input<typeof ZRolloutStageInput>;

export const ZPolicyChangeInput = z.strictObject({
  kind: z.literal("policy"),
  verdictClass: ZPolicyVerdictClass,
  /** The whole new agent policy of the class (validated and compiled for every agent like a registry revision). */
  policy: z.unknown(),
  note: z.string().max(2000).nullable().optional(),
});
export const ZRegistryEntryChangeInput = z.strictObject({
  kind: z.literal("registry-entry"),
  entry: ZRegistryEntryInput,
});
export const ZRolloutChangeInput = z.discriminatedUnion("kind", [ZPolicyChangeInput, ZRegistryEntryChangeInput]);
export type TRolloutChangeInput = z.input<typeof ZRolloutChangeInput>;

export const ZRolloutInput = z.strictObject({
  title: z.string().trim().min(3, "Give the rollout a title (at least 3 characters)").max(200),
  changes: z.array(ZRolloutChangeInput).min(1, "A rollout needs at least one change").max(20),
  /** One stage per ring, in order dev, staging, prod. Omitted: the default plan. */
  stages: z.array(ZRolloutStageInput).optional(),
  /** auto: the engine starts the next stage once a stage passes; manual: someone promotes it. */
  promotion: z.enum(["auto", "manual"]).default("auto"),
  /** Roll back at once when a gate fails (otherwise the rollout halts and waits). */
  autoRollback: z.boolean().default(true),
  /** The proposer cannot approve the prod stage. */
  twoPersonRule: z.boolean().default(false),
});
export type TRolloutInput = z.input<typeof ZRolloutInput>;

export type TRolloutPlan = { promotion: "auto" | "manual"; autoRollback: boolean; twoPersonRule: boolean };

/** The default plan: dev at once, staging after a 30-minute soak, prod after approval by an admin. */
export const DEFAULT_STAGES: TRolloutStageInput[] = [
  { ring: "dev", soakMinutes: 30 },
  { ring: "staging", soakMinutes: 60, waves: [50, 100] },
  { ring: "prod", soakMinutes: 60, waves: [10, 50, 100], approvalRole: "admin" },
];

/** Attestation statuses that count as a failure of the new revision on a device. */
export const FAILING_ATTESTATIONS = new Set(["apply_failed", "drifted", "tampered", "needs_elevation", "blocked_present"]);

export function lockKeyOf({ kind, target }: { kind: string; target: string }): string {
  return kind === "policy" ? `policy:${target}` : `entry:${target}`;
}
