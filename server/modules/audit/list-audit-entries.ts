import type { TTenantDb } from "@/server/db";

export async function listAuditEntries(opts: { db: TTenantDb; limit: number; cursor?: number; action?: string }) {
  const rows = await opts.db.auditEntry.findMany({
    where: { ...(opts.cursor ? { seq: { lt: opts.cursor } } : {}), ...(opts.action ? { action: { startsWith: opts.action } } : {}) },
    orderBy: { seq: "desc" },
    take: opts.limit + 1,
  });
  const items = rows.slice(0, opts.limit);
  return {
    items: items.map((e) => ({
      seq: e.seq,
      at: e.at,
      actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
      action: e.action,
      target: e.targetType ? { type: e.targetType, id: e.targetId } : null,
      summary: e.summary as Record<string, unknown>,
      hash: e.hash,
    })),
    nextCursor: rows.length > opts.limit ? items[items.length - 1]!.seq : null,
  };
}
