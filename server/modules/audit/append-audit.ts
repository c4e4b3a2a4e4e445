/**
 * Appends an AuditEntry to the tenant's hash chain. Call it inside the same transaction as the
 * change it records, so a change and its audit entry commit (or roll back) together.
 * Updating the tenant's chain head row-locks the tenant, which orders concurrent appends.
 */
import type { TTenantDb } from "@/server/db";
import type { TActor } from "./actor";
import { hashAuditEntry } from "./hash-audit-entry";
import { scheduleAuditExport } from "./export-audit-events";

type TTx = Parameters<Parameters<TTenantDb["$transaction"]>[0]>[0] | TTenantDb;

export type TAuditRecord = {
  actor: TActor;
  action: string;
  target?: { type: string; id: string | null };
  summary?: Record<string, unknown>;
};

export async function appendAudit(opts: { db: TTx; tenantId: string } & TAuditRecord) {
  const { db, tenantId } = opts;
  const head = await db.tenant.update({
    where: { id: tenantId },
    data: { auditSeq: { increment: 1 } },
    select: { auditSeq: true, auditHead: true },
  });
  const entry = {
    tenantId,
    seq: head.auditSeq,
    at: new Date(),
    actorType: opts.actor.type,
    actorId: opts.actor.id,
    actorLabel: opts.actor.label,
    action: opts.action,
    targetType: opts.target?.type ?? null,
    targetId: opts.target?.id ?? null,
    summary: JSON.parse(JSON.stringify(opts.summary ?? {})) as Record<string, unknown>,
    prevHash: head.auditHead,
  };
  const hash = hashAuditEntry(entry);
  await db.auditEntry.create({ data: { ...entry, summary: entry.summary as object, hash } });
  await db.tenant.update({ where: { id: tenantId }, data: { auditHead: hash } });
  scheduleAuditExport({ tenantId });
  return { seq: entry.seq, hash };
}
