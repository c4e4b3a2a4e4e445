/**
 * Approves a stage of a rollout (the next stage that asks for one unless `stageIndex` is given). The approver's
 * role must reach the stage's approval role; under the two-person rule the proposer cannot approve prod.
 */
import { AppError } from "@/server/errors";
import { roleAtLeast, type TRole } from "@/server/auth/roles";
import { appendAudit } from "../audit/append-audit";
import type { TTenantScope } from "../tenant-scope";
import { kickRollout } from "./kick-rollout";
import { loadRollout } from "./load-rollout";

export async function approveRollout({ scope, role, rolloutId, stageIndex, comment }: { scope: TTenantScope; role: TRole; rolloutId: string; stageIndex?: number; comment?: string | null }) {
  const rollout = await loadRollout({ scope, rolloutId });
  if (rollout.status !== "active") throw new AppError("CONFLICT", `Rollout "${rollout.title}" is ${rollout.status.replace("_", " ")}: only an active rollout can be approved`);
  const stage =
    stageIndex === undefined
      ? rollout.stages.find((s) => s.index >= rollout.currentStage && s.approvalRole && ["pending", "awaiting_approval", "ready"].includes(s.status) && !rollout.approvals.some((a) => a.stageIndex === s.index && a.approverId === scope.actor.id))
      : rollout.stages.find((s) => s.index === stageIndex);
  if (!stage) throw new AppError(stageIndex === undefined ? "CONFLICT" : "BAD_REQUEST", stageIndex === undefined ? `No stage of rollout "${rollout.title}" is waiting for your approval` : `Rollout "${rollout.title}" has no stage ${stageIndex}`);
  if (!stage.approvalRole) throw new AppError("BAD_REQUEST", `The ${stage.ring} stage needs no approval`);
  if (!["pending", "awaiting_approval", "ready"].includes(stage.status)) throw new AppError("CONFLICT", `The ${stage.ring} stage has already started (${stage.status.replace("_", " ")}): approvals are given before a stage starts`);
  if (!roleAtLeast(role, stage.approvalRole as TRole)) throw new AppError("FORBIDDEN", `Approving the ${stage.ring} stage needs the ${stage.approvalRole} role or above; yours is ${role}`);
  if (stage.twoPerson && rollout.createdByType === scope.actor.type && rollout.createdById === scope.actor.id) {
    throw new AppError("FORBIDDEN", `Two-person rule: ${scope.actor.label} proposed this rollout and cannot approve its ${stage.ring} stage; another ${stage.approvalRole} must`);
  }
  const text = comment?.trim() || null;
  try {
    await scope.db.$transaction(async (tx) => {
      await tx.rolloutApproval.create({ data: { tenantId: scope.tenantId, rolloutId, stageIndex: stage.index, approverType: scope.actor.type, approverId: scope.actor.id ?? "system", approverLabel: scope.actor.label, role, comment: text } });
      await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "rollout.approved", target: { type: "rollout", id: rolloutId }, summary: { stage: stage.index, ring: stage.ring, role, comment: text } });
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", `${scope.actor.label} already approved the ${stage.ring} stage`);
    throw error;
  }
  await kickRollout({ scope, rolloutId });
  return { id: rolloutId, stageIndex: stage.index, ring: stage.ring as "dev" | "staging" | "prod" };
}
