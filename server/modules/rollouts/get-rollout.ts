/** A rollout as the console and CI see it: changes with diffs, each stage with progress and gate metrics, approvals, gate samples, failing devices. */
import type { TTenantScope } from "../tenant-scope";
import { loadRollout } from "./load-rollout";
import type { TRolloutGates } from "./rollout-schemas";
import { isStageApproved } from "./stage-approval";

const PROGRESS_KEYS = ["queued", "sent", "applied", "attested", "failed", "unaffected", "rolled_back"] as const;

export async function getRollout({ scope, rolloutId }: { scope: Pick<TTenantScope, "db">; rolloutId: string }) {
  const rollout = await loadRollout({ scope, rolloutId });
  const [groups, samples, failures] = await Promise.all([
    scope.db.rolloutDeviceState.groupBy({ by: ["stageIndex", "status"], where: { rolloutId }, _count: { _all: true } }),
    scope.db.rolloutGateSample.findMany({ where: { rolloutId }, orderBy: { at: "asc" }, take: 2000 }),
    scope.db.rolloutDeviceState.findMany({ where: { rolloutId, failReason: { not: null } }, orderBy: { failedAt: "desc" }, take: 20, select: { deviceId: true, ring: true, stageIndex: true, failReason: true, failedAt: true } }),
  ]);
  const hostnames = new Map(
    (await scope.db.device.findMany({ where: { id: { in: failures.map((f) => f.deviceId) } }, select: { id: true, hostname: true } })).map((d) => [d.id, d.hostname]),
  );
  const proposer = { type: rollout.createdByType, id: rollout.createdById };
  return {
    id: rollout.id,
    title: rollout.title,
    status: rollout.status,
    currentStage: rollout.currentStage,
    plan: rollout.plan as { promotion: "auto" | "manual"; autoRollback: boolean; twoPersonRule: boolean },
    haltReason: rollout.haltReason,
    rollbackReason: rollout.rollbackReason,
    createdBy: { type: rollout.createdByType, id: rollout.createdById, label: rollout.createdByLabel },
    createdAt: rollout.createdAt,
    haltedAt: rollout.haltedAt,
    completedAt: rollout.completedAt,
    rolledBackAt: rollout.rolledBackAt,
    changes: rollout.changes.map((c) => ({ id: c.id, kind: c.kind as "policy" | "registry-entry", target: c.target, baseVersion: c.baseVersion, version: c.version, before: c.before as unknown, after: c.after as unknown, diff: c.diff as { path: string; before: unknown; after: unknown }[], revisionId: c.revisionId })),
    stages: rollout.stages.map((s) => {
      const progress = Object.fromEntries(PROGRESS_KEYS.map((k) => [k, groups.find((g) => g.stageIndex === s.index && g.status === k)?._count._all ?? 0])) as Record<(typeof PROGRESS_KEYS)[number], number>;
      const from = s.lastWaveAt ?? null;
      return {
        index: s.index,
        ring: s.ring as "dev" | "staging" | "prod",
        status: s.status,
        waves: s.waves,
        wavesDone: s.wavesDone,
        soakMinutes: s.soakMinutes,
        soakEndsAt: from && s.wavesDone >= s.waves.length ? new Date(from.getTime() + s.soakMinutes * 60_000) : null,
        gates: s.gates as TRolloutGates,
        approvalRole: s.approvalRole,
        twoPerson: s.twoPerson,
        approved: isStageApproved({ stage: s, approvals: rollout.approvals, proposer }),
        approvals: rollout.approvals.filter((a) => a.stageIndex === s.index).map((a) => ({ by: a.approverLabel, type: a.approverType, role: a.role, comment: a.comment, at: a.createdAt })),
        startedAt: s.startedAt,
        passedAt: s.passedAt,
        failedAt: s.failedAt,
        failReason: s.failReason,
        progress: { ...progress, targeted: Object.entries(progress).filter(([k]) => k !== "unaffected").reduce((sum, [, v]) => sum + v, 0) },
        metrics: (s.metrics ?? null) as Record<string, unknown> | null,
      };
    }),
    samples: samples.map((x) => ({ stageIndex: x.stageIndex, at: x.at, targeted: x.targeted, applied: x.applied, attested: x.attested, failed: x.failed, startFailures: x.startFailures, errorEvents: x.errorEvents, killSwitches: x.killSwitches })),
    failures: failures.map((f) => ({ deviceId: f.deviceId, hostname: hostnames.get(f.deviceId) ?? null, ring: f.ring as string, stageIndex: f.stageIndex, reason: f.failReason, at: f.failedAt })),
  };
}
export type TRolloutDetail = Awaited<ReturnType<typeof getRollout>>;
