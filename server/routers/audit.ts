import { z } from "zod";
import { router, tenantProcedure } from "@/server/trpc/init";
import { listAuditEntries } from "@/server/modules/audit/list-audit-entries";
import { verifyAuditChain } from "@/server/modules/audit/verify-audit-chain";

const ZAuditEntry = z.object({
  seq: z.number(),
  at: z.date(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  summary: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export const auditRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/audit", protect: true, tags: ["audit"], summary: "Audit log, newest first" } })
    .input(z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.coerce.number().int().positive().optional(), action: z.string().max(100).optional() }))
    .output(z.object({ items: z.array(ZAuditEntry), nextCursor: z.number().nullable() }))
    .query(({ ctx, input }) => listAuditEntries({ db: ctx.scope.db, limit: input.limit, cursor: input.cursor, action: input.action })),

  verify: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/audit/verify", protect: true, tags: ["audit"], summary: "Verify the audit hash chain; reports the first broken link" } })
    .output(z.object({ ok: z.boolean(), entries: z.number(), brokenAtSeq: z.number().optional(), reason: z.string().optional() }))
    .query(({ ctx }) => verifyAuditChain({ db: ctx.scope.db, tenantId: ctx.scope.tenantId })),
});
