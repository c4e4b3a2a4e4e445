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
    ...revocationFields(r),
    identities: r._count.identities,
    progress: summariseTargets(counts.filter((c) => c.revocationId === r.id)),
  }));
}

type TRevocationRow = {
  id: string;
  scopeType: string;
  scopeId: string | null;
  scopeLabel: string;
  reason: string;
  trigger: string;
  triggerRef: string | null;
  actorLabel: string;
  status: string;
  createdAt: Date;
  restoredAt: Date | null;
};

/** The fields a revocation shows in lists and in its detail view. */
export function revocationFields<T extends TRevocationRow>(r: T) {
  const { id, scopeType, scopeId, scopeLabel, reason, trigger, triggerRef, actorLabel, status, createdAt, restoredAt } = r;
  return { id, scopeType, scopeId, scopeLabel, reason, trigger, triggerRef, actorLabel, status, createdAt, restoredAt };
}
