import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";

export async function deleteBudget(opts: { scope: TTenantScope; id: string }): Promise<{ id: string }> {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const b = await tx.budget.findFirst({ where: { id: opts.id } });
    if (!b) throw new AppError("NOT_FOUND", "Budget not found");
    await tx.budget.delete({ where: { id: b.id } });
    await appendAudit({ db: tx, tenantId, actor, action: "budget.deleted", target: { type: "budget", id: b.id }, summary: { name: b.name, scopeKind: b.scopeKind, scopeId: b.scopeId } });
    return { id: b.id };
  });
}
