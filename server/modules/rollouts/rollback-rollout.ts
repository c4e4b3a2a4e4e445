/**
 * Rolls a rollout back to the previous revision on every device that got the new one.
 * - In flight (active or halted): the rollout stops overriding anything, so each device it reached is sent its
 *   bundle built from the registry again (the previous revision); rings it never reached get nothing at all.
 * - Completed: the previous value becomes the registry's again (a new revision equal to the one before: history
 *   stays append-only) and every device gets it. Refused when something newer changed the same policy since, and
 *   when there is nothing before (the rollout made the class's first revision).
 */
import { AppError } from "@/server/errors";
import { appendAudit } from "../audit/append-audit";
import { propagatePolicy } from "../registry/propagate-policy";
import type { TTenantScope } from "../tenant-scope";
import { applyRolloutChanges } from "./apply-rollout-changes";
import { diffPolicy } from "../registry/diff-policy";
import { entryValue } from "./create-rollout";
import { toEntry } from "../registry/registry-entries";
import { loadRollout } from "./load-rollout";
import { recordRolloutEvent } from "./record-rollout-event";
import { lockKeyOf } from "./rollout-schemas";

export async function rollbackRollout({ scope, rolloutId, reason }: { scope: TTenantScope; rolloutId: string; reason: string }) {
  const text = reason.trim();
  if (text.length < 3) throw new AppError("BAD_REQUEST", "Give a reason for the rollback (at least 3 characters)");
  const rollout = await loadRollout({ scope, rolloutId });
  if (rollout.status === "rolled_back") throw new AppError("CONFLICT", `Rollout "${rollout.title}" was already rolled back${rollout.rolledBackAt ? ` at ${rollout.rolledBackAt.toISOString()}` : ""}`);
  const now = new Date();

  if (rollout.status === "completed") {
    for (const change of rollout.changes) {
      if (change.kind === "policy") {
        if (change.before === null) throw new AppError("BAD_REQUEST", `Cannot roll back past the first revision: revision ${change.version} of the ${change.target} policy has no earlier revision to return to. Propose a new revision instead.`);
        const newest = await scope.db.policyRevision.findFirst({ where: { verdictClass: change.target }, orderBy: { version: "desc" }, select: { id: true, version: true } });
        if (newest && newest.id !== change.revisionId) throw new AppError("CONFLICT", `The ${change.target} policy has a newer revision (${newest.version}) than this rollout's (${change.version}): roll that one back first`);
      } else {
        const row = await scope.db.registryEntry.findFirst({ where: { productSlug: change.target } });
        if (!row || diffPolicy({ before: entryValue(toEntry(row)), after: change.after }).length > 0) throw new AppError("CONFLICT", `The registry entry of ${change.target} changed after this rollout: it cannot be rolled back automatically`);
      }
    }
    const held = await scope.db.rolloutLock.findMany({ where: { key: { in: rollout.changes.map((c) => lockKeyOf(c)) } } });
    if (held.length > 0) throw new AppError("CONFLICT", `Rollout ${held[0]!.rolloutId} is changing ${held[0]!.key.replace(":", " ")} now: finish or roll it back first`);
  }

  const wasCompleted = rollout.status === "completed";
  const done = await scope.db.$transaction(async (tx) => {
    const moved = await tx.rollout.updateMany({ where: { id: rolloutId, status: rollout.status }, data: { status: "rolled_back", rolledBackAt: now, rollbackReason: text } });
    if (moved.count === 0) return false;
    await tx.rolloutStage.updateMany({ where: { rolloutId, status: { in: ["pending", "awaiting_approval", "ready", "delivering", "soaking"] } }, data: { status: "rolled_back" } });
    await tx.rolloutDeviceState.updateMany({ where: { rolloutId, status: { notIn: ["unaffected", "rolled_back"] } }, data: { status: "rolled_back", rolledBackAt: now } });
    await tx.rolloutLock.deleteMany({ where: { rolloutId } });
    if (wasCompleted) await applyRolloutChanges({ scope, tx, rolloutId, title: rollout.title, changes: rollout.changes, direction: "before", createdById: scope.actor.type === "member" ? scope.actor.id : null });
    await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "rollout.rolled_back", target: { type: "rollout", id: rolloutId }, summary: { reason: text, from: rollout.status, stage: rollout.currentStage } });
    return true;
  });
  if (!done) throw new AppError("CONFLICT", `Rollout "${rollout.title}" changed state meanwhile; look at it again before rolling back`);

  // Every device that may hold the new revision: those it was delivered to, and every device of a ring whose
  // last wave went out (a device that joined later got it from the ring).
  let deviceIds: string[] | undefined;
  if (!wasCompleted) {
    const states = await scope.db.rolloutDeviceState.findMany({ where: { rolloutId }, select: { deviceId: true } });
    const releasedRings = rollout.stages.filter((s) => s.wavesDone >= s.waves.length).map((s) => s.ring);
    const ringDevices = releasedRings.length ? await scope.db.device.findMany({ where: { ring: { in: releasedRings }, status: "active" }, select: { id: true } }) : [];
    deviceIds = [...new Set([...states.map((s) => s.deviceId), ...ringDevices.map((d) => d.id)])];
  }
  const { devicesNotified } = deviceIds && deviceIds.length === 0 ? { devicesNotified: 0 } : await propagatePolicy({ scope, deviceIds });
  await recordRolloutEvent({ scope, rolloutId, type: "rollout.rolled_back", key: "rolled_back", intent: wasCompleted ? "rolled back a completed rollout" : "rolled back", params: { reason: text, devicesReverted: devicesNotified } });
  return { id: rolloutId, status: "rolled_back" as const, devicesReverted: devicesNotified };
}
