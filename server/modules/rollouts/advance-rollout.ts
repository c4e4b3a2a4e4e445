/**
 * The rollout engine's step (run by the `rollouts.tick` pg-boss job, and by promote): moves one rollout as far as
 * it can go right now and returns. All state is in Postgres and every transition is a conditional update
 * (`where status = <expected>`), so two workers, a retried job or a worker restarted mid-stage never skip or
 * repeat a stage: a lost race changes nothing, and work recorded but not finished (commands not yet sent) is
 * finished by the next step.
 *
 * Per stage: approval (when the stage asks for one) -> delivering (wave by wave: the next wave goes out once the
 * delivered devices attested and the gates hold) -> soaking (all waves out; passes after soakMinutes with the
 * gates holding and enough devices attested) -> passed; the next stage starts (promotion "auto") or waits for a
 * promote. The last stage passing completes the rollout: its revisions become the registry's. A gate failing at
 * any point halts the rollout and (autoRollback) rolls it back.
 */
import { withRolloutStepLock } from "@/server/db/rollouts";
import { appendAudit } from "../audit/append-audit";
import { propagatePolicy } from "../registry/propagate-policy";
import type { TTenantScope } from "../tenant-scope";
import { applyRolloutChanges } from "./apply-rollout-changes";
import { checkRolloutGates, type TGateVerdict, type TStageCounts } from "./check-rollout-gates";
import { recordLateJoiners, recordNextWave, sendQueuedDeliveries } from "./deliver-rollout-wave";
import { haltRollout } from "./halt-rollout";
import { loadRollout, type TLoadedRollout } from "./load-rollout";
import { countStage, refreshDeviceStates } from "./measure-rollout-stage";
import { recordRolloutEvent } from "./record-rollout-event";
import { rollbackRollout } from "./rollback-rollout";
import type { TRolloutGates, TRolloutPlan } from "./rollout-schemas";
import { isStageApproved } from "./stage-approval";

export type TAdvanceResult = { status: string; currentStage: number; stageStatus: string | null; steps: string[]; waitingFor: string | null };

export async function advanceRollout({ scope, rolloutId, now = new Date(), maxSteps = 30, wait = true }: { scope: TTenantScope; rolloutId: string; now?: Date; maxSteps?: number; wait?: boolean }): Promise<TAdvanceResult> {
  const locked = await withRolloutStepLock({ rolloutId, wait, fn: () => stepRollout({ scope, rolloutId, now, maxSteps }) });
  if (locked.ran) return locked.value;
  const rollout = await loadRollout({ scope, rolloutId });
  return { status: rollout.status, currentStage: rollout.currentStage, stageStatus: rollout.stages[rollout.currentStage]?.status ?? null, steps: [], waitingFor: "another worker is stepping this rollout" };
}

async function stepRollout({ scope, rolloutId, now, maxSteps }: { scope: TTenantScope; rolloutId: string; now: Date; maxSteps: number }): Promise<TAdvanceResult> {
  const steps: string[] = [];
  let waitingFor: string | null = null;
  let rollout = await loadRollout({ scope, rolloutId });
  for (let step = 0; step < maxSteps && rollout.status === "active"; step++) {
    const stage = rollout.stages[rollout.currentStage];
    if (!stage) break;
    const plan = rollout.plan as TRolloutPlan;
    if (stage.status === "pending" || stage.status === "awaiting_approval" || stage.status === "ready") {
      if (!isStageApproved({ stage, approvals: rollout.approvals, proposer: { type: rollout.createdByType, id: rollout.createdById } })) {
        if (stage.status === "pending") await scope.db.rolloutStage.updateMany({ where: { id: stage.id, status: "pending" }, data: { status: "awaiting_approval" } });
        waitingFor = `approval of the ${stage.ring} stage by ${stage.approvalRole ?? "someone"}${stage.twoPerson ? " other than the proposer" : ""}`;
        break;
      }
      const started = await scope.db.$transaction(async (tx) => {
        const moved = await tx.rolloutStage.updateMany({ where: { id: stage.id, status: { in: ["pending", "awaiting_approval", "ready"] } }, data: { status: "delivering", startedAt: now } });
        if (moved.count === 0) return false;
        await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "rollout.stage_started", target: { type: "rollout", id: rolloutId }, summary: { stage: stage.index, ring: stage.ring } });
        return true;
      });
      if (started) steps.push(`started ${stage.ring}`);
    } else if (stage.status === "delivering" || stage.status === "soaking") {
      const { verdict, counts } = await measure({ scope, rollout, stage, now });
      if (verdict.failing.length > 0) {
        const reason = `${stage.ring} gate failed: ${verdict.failing.join("; ")}`;
        await haltRollout({ scope, rolloutId, reason, failedStage: { id: stage.id, index: stage.index, metrics: { ...counts, ...verdict } } });
        steps.push(`halted: ${reason}`);
        if (plan.autoRollback) {
          await rollbackRollout({ scope, rolloutId, reason: `automatic: ${reason}` });
          steps.push("rolled back");
        }
      } else if (stage.wavesDone < stage.waves.length) {
        if (stage.wavesDone > 0 && !verdict.enoughAttested) {
          waitingFor = `${stage.ring} wave ${stage.wavesDone}: ${counts.attested} of ${counts.targeted} devices attested (${(stage.gates as TRolloutGates).minAttestedPct}% needed)`;
          break;
        }
        if (await recordNextWave({ scope, stage, now })) {
          steps.push(`${stage.ring} wave ${stage.wavesDone + 1} (${stage.waves[stage.wavesDone]}%)`);
          await sendQueuedDeliveries({ scope, rolloutId, now });
        }
      } else {
        if ((await recordLateJoiners({ scope, stage })) > 0) await sendQueuedDeliveries({ scope, rolloutId, now });
        if (stage.status === "delivering") await scope.db.rolloutStage.updateMany({ where: { id: stage.id, status: "delivering" }, data: { status: "soaking" } });
        const soakEnds = new Date((stage.lastWaveAt ?? stage.startedAt ?? now).getTime() + stage.soakMinutes * 60_000);
        if (!verdict.enoughAttested) {
          waitingFor = `${stage.ring}: ${counts.attested} of ${counts.targeted} devices attested (${(stage.gates as TRolloutGates).minAttestedPct}% needed)`;
          break;
        }
        if (now < soakEnds) {
          waitingFor = `${stage.ring} soak until ${soakEnds.toISOString()}`;
          break;
        }
        const outcome = await passStage({ scope, rollout, stage, now, metrics: { ...counts, ...verdict } });
        if (outcome) steps.push(outcome === "completed" ? `passed ${stage.ring}; completed` : `passed ${stage.ring}`);
      }
    } else if (stage.status === "passed") {
      if (plan.promotion === "manual") {
        waitingFor = `a promote to ${rollout.stages[stage.index + 1]?.ring ?? "completion"}`;
        break;
      }
      const moved = await scope.db.rollout.updateMany({ where: { id: rolloutId, status: "active", currentStage: stage.index }, data: { currentStage: stage.index + 1 } });
      if (moved.count > 0) steps.push(`promoted to ${rollout.stages[stage.index + 1]?.ring}`);
    } else {
      break;
    }
    rollout = await loadRollout({ scope, rolloutId });
  }
  rollout = await loadRollout({ scope, rolloutId });
  const stage = rollout.stages[rollout.currentStage] ?? null;
  return { status: rollout.status, currentStage: rollout.currentStage, stageStatus: stage?.status ?? null, steps, waitingFor: rollout.status === "active" ? waitingFor : null };
}

async function measure({ scope, rollout, stage, now }: { scope: TTenantScope; rollout: TLoadedRollout; stage: TLoadedRollout["stages"][number]; now: Date }): Promise<{ verdict: TGateVerdict; counts: TStageCounts }> {
  await sendQueuedDeliveries({ scope, rolloutId: rollout.id, now });
  await refreshDeviceStates({ scope, rolloutId: rollout.id, stageIndex: stage.index, now });
  const counts = await countStage({ scope, rolloutId: rollout.id, stageIndex: stage.index, since: stage.startedAt ?? now });
  const verdict = checkRolloutGates({ counts, gates: stage.gates as TRolloutGates });
  const previous = stage.metrics as Partial<TStageCounts> | null;
  const changed = !previous || (Object.keys(counts) as (keyof TStageCounts)[]).some((k) => previous[k] !== counts[k]);
  if (changed) {
    await scope.db.$transaction([
      scope.db.rolloutStage.updateMany({ where: { id: stage.id }, data: { metrics: { ...counts, ...verdict, at: now.toISOString() } } }),
      scope.db.rolloutGateSample.create({ data: { tenantId: scope.tenantId, rolloutId: rollout.id, stageIndex: stage.index, at: now, ...counts } }),
    ]);
  }
  return { verdict, counts };
}

/** Marks the stage passed; the last stage completes the rollout in the same transaction. Null: another worker did it. */
async function passStage({ scope, rollout, stage, now, metrics }: { scope: TTenantScope; rollout: TLoadedRollout; stage: TLoadedRollout["stages"][number]; now: Date; metrics: object }): Promise<"passed" | "completed" | null> {
  const last = stage.index === rollout.stages.length - 1;
  const outcome = await scope.db.$transaction(async (tx) => {
    const moved = await tx.rolloutStage.updateMany({ where: { id: stage.id, status: "soaking" }, data: { status: "passed", passedAt: now, metrics: { ...metrics, at: now.toISOString() } } });
    if (moved.count === 0) return null;
    await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "rollout.stage_passed", target: { type: "rollout", id: rollout.id }, summary: { stage: stage.index, ring: stage.ring, ...metrics } });
    if (!last) return "passed" as const;
    const done = await tx.rollout.updateMany({ where: { id: rollout.id, status: "active", currentStage: stage.index }, data: { status: "completed", completedAt: now, currentStage: rollout.stages.length } });
    if (done.count === 0) throw new Error("rollout changed state while completing");
    await applyRolloutChanges({ scope, tx, rolloutId: rollout.id, title: rollout.title, changes: rollout.changes, direction: "after", createdById: rollout.createdByType === "member" ? rollout.createdById : null });
    await tx.rolloutLock.deleteMany({ where: { rolloutId: rollout.id } });
    await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "rollout.completed", target: { type: "rollout", id: rollout.id }, summary: { title: rollout.title } });
    return "completed" as const;
  });
  if (!outcome) return null;
  const next = rollout.stages[stage.index + 1];
  await recordRolloutEvent({ scope, rolloutId: rollout.id, type: "rollout.stage_advanced", key: `stage:${stage.index}:passed`, intent: next ? `${stage.ring} passed; next ${next.ring}` : `${stage.ring} passed; rollout completed`, params: { stage: stage.index, ring: stage.ring, next: next?.ring ?? null, ...metrics } });
  // Completed: the registry now holds the revisions; devices already on them get nothing (same bundle version).
  if (outcome === "completed") await propagatePolicy({ scope });
  return outcome;
}
