import type { TTenantScope } from "../tenant-scope";

export type TRevocationProgress = { total: number; pending: number; delivered: number; stopped: number; failed: number };

export function summariseTargets(rows: { status: string; _count: { _all: number } }[]): TRevocationProgress {
  const p: TRevocationProgress = { total: 0, pending: 0, delivered: 0, stopped: 0, failed: 0 };
  for (const r of rows) {
    p.total += r._count._all;
    if (r.status in p) p[r.status as keyof Omit<TRevocationProgress, "total">] += r._count._all;
  }
  return p;
}

/** Newest first, each with its device progress (N of M proven stopped). */
export async function listRevocations(opts: { scope: TTenantScope; limit?: number; status?: "active" | "restored" }) {
  const { db } = opts.scope;
  const rows = await db.revocation.findMany({
    where: opts.status ? { status: opts.status } : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(opts.limit ?? 50, 200),
    include: { _count: { select: { identities: true } } },
  });
  const counts = rows.length
    ? await db.revocationTarget.groupBy({ by: ["revocationId", "status"], where: { revocationId: { in: rows.map((r) => r.id) } }, _count: { _all: true } })
    : [];
  return rows.map((r) => ({
    id: r.id,
    scopeType: r.scopeType,
    scopeId: r.scopeId,
    scopeLabel: r.scopeLabel,
    reason: r.reason,
    trigger: r.trigger,
    triggerRef: r.triggerRef,
    actorLabel: r.actorLabel,
    status: r.status,
    createdAt: r.createdAt,
    restoredAt: r.restoredAt,
    identities: r._count.identities,
    progress: summariseTargets(counts.filter((c) => c.revocationId === r.id)),
  }));
}
