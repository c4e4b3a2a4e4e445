/**
 * Copies a tenant's new audit entries into the event stream as `admin.action` events, so the SOC
 * sees console changes next to agent actions, in its SIEM. Cursor: Tenant.auditExportedSeq.
 * Idempotent (event key `audit:<seq>`, time = the entry's time): a crash between storing the
 * events and moving the cursor re-sends nothing twice.
 */
import { forTenant } from "@/server/db";
import { recordEvents, type TEventDraft } from "../events/record-events";

const BATCH = 500;

export async function exportAuditEvents(opts: { tenantId: string }): Promise<{ exported: number }> {
  const db = forTenant(opts.tenantId);
  let exported = 0;
  for (;;) {
    const tenant = await db.tenant.findFirst({ select: { auditSeq: true, auditExportedSeq: true } });
    if (!tenant || tenant.auditExportedSeq >= tenant.auditSeq) return { exported };
    const entries = await db.auditEntry.findMany({ where: { seq: { gt: tenant.auditExportedSeq } }, orderBy: { seq: "asc" }, take: BATCH });
    if (entries.length === 0) return { exported };
    const events: TEventDraft[] = entries.map((e) => ({
      key: `audit:${e.seq}`,
      time: e.at.toISOString(),
      type: "admin.action",
      actor: e.actorType === "member" ? { memberId: e.actorId ?? undefined, email: e.actorLabel.includes("@") ? e.actorLabel : undefined } : {},
      intent: e.action,
      target: e.targetType ? `${e.targetType}:${e.targetId ?? ""}` : undefined,
      params: { ...(e.summary as Record<string, unknown>), actorType: e.actorType, actorLabel: e.actorLabel, auditSeq: e.seq, auditHash: e.hash },
      outcome: "success",
    }));
    await recordEvents({ scope: { tenantId: opts.tenantId }, events });
    const last = entries[entries.length - 1]!.seq;
    // Move the cursor forward only (two exporters racing never move it back).
    await db.tenant.updateMany({ where: { auditExportedSeq: { lt: last } }, data: { auditExportedSeq: last } });
    exported += entries.length;
  }
}

const pending = new Map<string, NodeJS.Timeout>();

/** Soon after a change (debounced per tenant); the per-minute sweep job catches anything missed. */
export function scheduleAuditExport(opts: { tenantId: string; delayMs?: number }) {
  if (pending.has(opts.tenantId)) return;
  const timer = setTimeout(() => {
    pending.delete(opts.tenantId);
    exportAuditEvents({ tenantId: opts.tenantId }).catch((error) => console.error("[audit] export to events failed", (error as Error).message));
  }, opts.delayMs ?? 1000);
  timer.unref();
  pending.set(opts.tenantId, timer);
}
