/**
 * Halts a rollout: the engine stops delivering, every device keeps what it has, and the policy stays locked until
 * the rollout is rolled back. From a failed gate (the engine) the failing stage is marked failed with the reason,
 * and with autoRollback the rollback follows at once.
 */
import { AppError } from "@/server/errors";
import { appendAudit } from "../audit/append-audit";
import type { TTenantScope } from "../tenant-scope";
import { loadRollout } from "./load-rollout";
import { recordRolloutEvent } from "./record-rollout-event";

export async function haltRollout({ scope, rolloutId, reason, failedStage }: { scope: TTenantScope; rolloutId: string; reason: string; failedStage?: { id: string; index: number; metrics: object } }) {
  const text = reason.trim();
  if (text.length < 3) throw new AppError("BAD_REQUEST", "Give a reason for halting (at least 3 characters)");
  const rollout = await loadRollout({ scope, rolloutId });
  if (rollout.status !== "active") throw new AppError("CONFLICT", `Rollout "${rollout.title}" is ${rollout.status.replace("_", " ")}: only an active rollout can be halted`);
  const now = new Date();
  const halted = await scope.db.$transaction(async (tx) => {
    const moved = await tx.rollout.updateMany({ where: { id: rolloutId, status: "active" }, data: { status: "halted", haltReason: text, haltedAt: now } });
    if (moved.count === 0) return false;
    if (failedStage) await tx.rolloutStage.updateMany({ where: { id: failedStage.id }, data: { status: "failed", failedAt: now, failReason: text, metrics: failedStage.metrics } });
    await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "rollout.halted", target: { type: "rollout", id: rolloutId }, summary: { reason: text, stage: failedStage?.index ?? rollout.currentStage } });
    return true;
  });
  if (!halted) throw new AppError("CONFLICT", `Rollout "${rollout.title}" changed state meanwhile: only an active rollout can be halted`);
  const stage = rollout.stages[failedStage?.index ?? rollout.currentStage];
  await recordRolloutEvent({ scope, rolloutId, type: "rollout.halted", key: "halted", intent: failedStage ? "gate failed" : "halted by hand", params: { reason: text, ring: stage?.ring ?? null, stage: stage?.index ?? null }, outcome: failedStage ? "error" : "success" });
  return { id: rolloutId, status: "halted" as const, haltReason: text };
}
