/**
 * Promote: move a rollout to its next stage now. The engine takes a step first (so a stage whose soak just ended
 * passes), then a passed stage is left for the next one. Refused with the reason when the rollout is not active
 * or the current stage has not passed (soak time left, devices not attested, approval missing).
 */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { advanceRollout } from "./advance-rollout";
import { kickRollout } from "./kick-rollout";
import { loadRollout } from "./load-rollout";

export async function promoteRollout({ scope, rolloutId, now = new Date() }: { scope: TTenantScope; rolloutId: string; now?: Date }) {
  const before = await loadRollout({ scope, rolloutId });
  if (before.status === "halted") throw new AppError("CONFLICT", `Rollout "${before.title}" is halted (${before.haltReason ?? "no reason given"}): a halted rollout cannot be promoted. Roll it back, then propose the change again.`);
  if (before.status !== "active") throw new AppError("CONFLICT", `Rollout "${before.title}" is ${before.status.replace("_", " ")}: there is nothing to promote`);
  const step = await advanceRollout({ scope, rolloutId, now });
  let after = await loadRollout({ scope, rolloutId });
  const stage = after.stages[after.currentStage];
  if (after.status === "active" && stage?.status === "passed") {
    const moved = await scope.db.rollout.updateMany({ where: { id: rolloutId, status: "active", currentStage: stage.index }, data: { currentStage: stage.index + 1 } });
    if (moved.count > 0) await advanceRollout({ scope, rolloutId, now });
    after = await loadRollout({ scope, rolloutId });
  }
  if (after.status === "active" && after.currentStage === before.currentStage) {
    const current = after.stages[after.currentStage]!;
    throw new AppError("CONFLICT", `The ${current.ring} stage has not passed yet: waiting for ${step.waitingFor ?? current.status.replace("_", " ")}`, { waitingFor: step.waitingFor });
  }
  if (after.status === "halted" || after.status === "rolled_back") throw new AppError("CONFLICT", `Rollout "${after.title}" was ${after.status.replace("_", " ")} instead: ${after.haltReason ?? after.rollbackReason ?? ""}`);
  await kickRollout({ scope, rolloutId });
  return { id: rolloutId, status: after.status as "active" | "completed", currentStage: after.currentStage, ring: (after.stages[after.currentStage]?.ring ?? null) as "dev" | "staging" | "prod" | null };
}
