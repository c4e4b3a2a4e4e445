/** Walks the tenant's audit chain in order and reports the first broken link, if any. */
import type { TTenantDb } from "@/server/db";
import { GENESIS_HASH, hashAuditEntry } from "./hash-audit-entry";

export type TAuditVerification =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAtSeq: number; reason: string };

export async function verifyAuditChain(opts: { db: TTenantDb; tenantId: string; pageSize?: number }): Promise<TAuditVerification> {
  const pageSize = opts.pageSize ?? 1000;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await opts.db.auditEntry.findMany({ where: { seq: { gte: expectedSeq } }, orderBy: { seq: "asc" }, take: pageSize });
    for (const e of page) {
      count++;
      if (e.seq !== expectedSeq) return { ok: false, entries: count, brokenAtSeq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      if (e.prevHash !== prevHash) return { ok: false, entries: count, brokenAtSeq: e.seq, reason: "previous-hash link does not match" };
      const recomputed = hashAuditEntry({ ...e, summary: e.summary });
      if (recomputed !== e.hash) return { ok: false, entries: count, brokenAtSeq: e.seq, reason: "entry content does not match its hash" };
      prevHash = e.hash;
      expectedSeq++;
    }
    if (page.length < pageSize) break;
  }
  const tenant = await opts.db.tenant.findFirst({ select: { auditSeq: true, auditHead: true } });
  if (tenant && (tenant.auditSeq !== expectedSeq - 1 || tenant.auditHead !== prevHash)) {
    return { ok: false, entries: count, brokenAtSeq: expectedSeq, reason: "newest entries were removed (chain head does not match)" };
  }
  return { ok: true, entries: count };
}
