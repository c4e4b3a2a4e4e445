/** Rollouts of the tenant, newest first, with the stage each is at and what it changes. */
import type { TTenantScope } from "../tenant-scope";
import type { TRolloutStatus } from "./rollout-schemas";

export async function listRollouts({ scope, status, limit = 100 }: { scope: Pick<TTenantScope, "db">; status?: TRolloutStatus; limit?: number }) {
  const rows = await scope.db.rollout.findMany({
    where: status ? { status } : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 500),
    include: { changes: { select: { kind: true, target: true, version: true } }, stages: { select: { index: true, ring: true, status: true }, orderBy: { index: "asc" } } },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status as TRolloutStatus,
    currentStage: r.currentStage,
    ring: (r.stages[r.currentStage]?.ring ?? null) as "dev" | "staging" | "prod" | null,
    stages: r.stages.map((s) => ({ ring: s.ring as "dev" | "staging" | "prod", status: s.status })),
    changes: r.changes.map((c) => ({ kind: c.kind as "policy" | "registry-entry", target: c.target, version: c.version })),
    createdBy: r.createdByLabel,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    haltReason: r.haltReason,
  }));
}
