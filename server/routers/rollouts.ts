/**
 * Staged rollouts (issue 9): console and REST (/api/v1/rollouts...) for people and CI jobs. Reading: any member or
 * API key; proposing and rolling back: admin (an admin-scope API key); approving: the role each stage asks for
 * (checked in approveRollout); promoting and halting: operator.
 */
import { z } from "zod";
import { adminProcedure, operatorProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { approveRollout } from "@/server/modules/rollouts/approve-rollout";
import { createRollout } from "@/server/modules/rollouts/create-rollout";
import { getRollout } from "@/server/modules/rollouts/get-rollout";
import { haltRollout } from "@/server/modules/rollouts/halt-rollout";
import { listRollouts } from "@/server/modules/rollouts/list-rollouts";
import { promoteRollout } from "@/server/modules/rollouts/promote-rollout";
import { rollbackRollout } from "@/server/modules/rollouts/rollback-rollout";
import { ZRolloutInput, ZRolloutStatus } from "@/server/modules/rollouts/rollout-schemas";

const ZId = z.string().min(1).max(64);
const ZRingOut = z.enum(["dev", "staging", "prod"]);
const ZProgress = z.object({ targeted: z.number(), queued: z.number(), sent: z.number(), applied: z.number(), attested: z.number(), failed: z.number(), unaffected: z.number(), rolled_back: z.number() });
const ZStage = z.object({
  index: z.number(),
  ring: ZRingOut,
  status: z.string(),
  waves: z.array(z.number()),
  wavesDone: z.number(),
  soakMinutes: z.number(),
  soakEndsAt: z.date().nullable(),
  gates: z.object({ maxAttestationFailurePct: z.number(), maxStartFailures: z.number(), maxErrorEvents: z.number(), maxKillSwitches: z.number(), minAttestedPct: z.number() }),
  approvalRole: z.string().nullable(),
  twoPerson: z.boolean(),
  approved: z.boolean(),
  approvals: z.array(z.object({ by: z.string(), type: z.string(), role: z.string(), comment: z.string().nullable(), at: z.date() })),
  startedAt: z.date().nullable(),
  passedAt: z.date().nullable(),
  failedAt: z.date().nullable(),
  failReason: z.string().nullable(),
  progress: ZProgress,
  metrics: z.record(z.string(), z.unknown()).nullable(),
});
const ZRolloutDetail = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  currentStage: z.number(),
  plan: z.object({ promotion: z.enum(["auto", "manual"]), autoRollback: z.boolean(), twoPersonRule: z.boolean() }),
  haltReason: z.string().nullable(),
  rollbackReason: z.string().nullable(),
  createdBy: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
  createdAt: z.date(),
  haltedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  rolledBackAt: z.date().nullable(),
  changes: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["policy", "registry-entry"]),
      target: z.string(),
      baseVersion: z.number().nullable(),
      version: z.number().nullable(),
      before: z.unknown(),
      after: z.unknown(),
      diff: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
      revisionId: z.string().nullable(),
    }),
  ),
  stages: z.array(ZStage),
  samples: z.array(z.object({ stageIndex: z.number(), at: z.date(), targeted: z.number(), applied: z.number(), attested: z.number(), failed: z.number(), startFailures: z.number(), errorEvents: z.number(), killSwitches: z.number() })),
  failures: z.array(z.object({ deviceId: z.string(), hostname: z.string().nullable(), ring: z.string(), stageIndex: z.number(), reason: z.string().nullable(), at: z.date().nullable() })),
});
const ZRolloutSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: ZRolloutStatus,
  currentStage: z.number(),
  ring: ZRingOut.nullable(),
  stages: z.array(z.object({ ring: ZRingOut, status: z.string() })),
  changes: z.array(z.object({ kind: z.enum(["policy", "registry-entry"]), target: z.string(), version: z.number().nullable() })),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  haltReason: z.string().nullable(),
});
const ZStatusOut = z.object({
  id: z.string(),
  status: z.string(),
  ring: ZRingOut.nullable(),
  stageStatus: z.string().nullable(),
  /** For CI: true once completed, rolled back or halted (nothing more will happen without a person). */
  finished: z.boolean(),
  succeeded: z.boolean(),
  haltReason: z.string().nullable(),
  stages: z.array(z.object({ ring: ZRingOut, status: z.string(), targeted: z.number(), attested: z.number(), failed: z.number(), approved: z.boolean() })),
});
const ZReason = z.string().trim().min(3, "Give a reason (at least 3 characters)").max(1000);

export const rolloutsRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/rollouts", protect: true, tags: ["rollouts"], summary: "List rollouts, newest first" } })
    .input(z.object({ status: ZRolloutStatus.optional(), limit: z.number().int().min(1).max(500).optional() }))
    .output(z.array(ZRolloutSummary))
    .query(({ ctx, input }) => listRollouts({ scope: ctx.scope, status: input.status, limit: input.limit })),

  get: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/rollouts/{id}", protect: true, tags: ["rollouts"], summary: "A rollout: changes with diffs, stages with progress and gates, approvals, gate samples" } })
    .input(z.object({ id: ZId }))
    .output(ZRolloutDetail)
    .query(({ ctx, input }) => getRollout({ scope: ctx.scope, rolloutId: input.id })),

  status: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/rollouts/{id}/status", protect: true, tags: ["rollouts"], summary: "Compact status for CI polling" } })
    .input(z.object({ id: ZId }))
    .output(ZStatusOut)
    .query(async ({ ctx, input }) => {
      const r = await getRollout({ scope: ctx.scope, rolloutId: input.id });
      const stage = r.stages[r.currentStage] ?? null;
      return {
        id: r.id,
        status: r.status,
        ring: stage?.ring ?? null,
        stageStatus: stage?.status ?? null,
        finished: r.status !== "active",
        succeeded: r.status === "completed",
        haltReason: r.haltReason,
        stages: r.stages.map((s) => ({ ring: s.ring, status: s.status, targeted: s.progress.targeted, attested: s.progress.attested, failed: s.progress.failed, approved: s.approved })),
      };
    }),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/rollouts", protect: true, tags: ["rollouts"], summary: "Propose a rollout (change set + plan); dev starts at once unless it needs approval" } })
    .input(z.object(ZRolloutInput.shape))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => {
      const { tenantSlug: _slug, ...proposal } = input as typeof input & { tenantSlug?: string };
      return createRollout({ scope: ctx.scope, input: proposal });
    }),

  approve: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/rollouts/{id}/approve", protect: true, tags: ["rollouts"], summary: "Approve the next stage waiting for approval (or stageIndex)" } })
    .input(z.object({ id: ZId, stageIndex: z.number().int().min(0).max(10).optional(), comment: z.string().max(1000).optional() }))
    .output(z.object({ id: z.string(), stageIndex: z.number(), ring: ZRingOut }))
    .mutation(({ ctx, input }) => approveRollout({ scope: ctx.scope, role: ctx.role, rolloutId: input.id, stageIndex: input.stageIndex, comment: input.comment })),

  promote: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/rollouts/{id}/promote", protect: true, tags: ["rollouts"], summary: "Move to the next stage now (the current stage must have passed)" } })
    .input(z.object({ id: ZId }))
    .output(z.object({ id: z.string(), status: z.enum(["active", "completed"]), currentStage: z.number(), ring: ZRingOut.nullable() }))
    .mutation(({ ctx, input }) => promoteRollout({ scope: ctx.scope, rolloutId: input.id })),

  halt: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/rollouts/{id}/halt", protect: true, tags: ["rollouts"], summary: "Halt: deliver nothing more; devices keep what they have" } })
    .input(z.object({ id: ZId, reason: ZReason }))
    .output(z.object({ id: z.string(), status: z.literal("halted"), haltReason: z.string() }))
    .mutation(({ ctx, input }) => haltRollout({ scope: ctx.scope, rolloutId: input.id, reason: input.reason })),

  rollback: adminProcedure
    .meta({ openapi: { method: "POST", path: "/rollouts/{id}/rollback", protect: true, tags: ["rollouts"], summary: "Roll back to the previous revision on every device that got the new one" } })
    .input(z.object({ id: ZId, reason: ZReason }))
    .output(z.object({ id: z.string(), status: z.literal("rolled_back"), devicesReverted: z.number() }))
    .mutation(({ ctx, input }) => rollbackRollout({ scope: ctx.scope, rolloutId: input.id, reason: input.reason })),
});
