import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { ZBudgetInput, issueMessage, type TBudget, type TBudgetInput } from "./budget-schemas";
import { describeBudgetScope } from "./describe-budget-scope";
import { listBudgets } from "./list-budgets";

/** A quota on one scope. Devices pick it up at their next usage sync (within a minute) and enforce it before calls. */
export async function createBudget(opts: { scope: TTenantScope; input: TBudgetInput }): Promise<TBudget> {
  const parsed = ZBudgetInput.safeParse(opts.input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", issueMessage(parsed.error));
  const v = parsed.data;
  const { db, tenantId, actor } = opts.scope;
  const id = await db.$transaction(async (tx) => {
    await describeBudgetScope({ db: tx, kind: v.scopeKind, id: v.scopeId, mustExist: true });
    const existing = await tx.budget.findFirst({ where: { scopeKind: v.scopeKind, scopeId: v.scopeId }, select: { name: true } });
    if (existing) throw new AppError("CONFLICT", `This ${v.scopeKind} already has a budget ("${existing.name}"); edit it instead`);
    const row = await tx.budget.create({
      data: {
        tenantId,
        name: v.name,
        scopeKind: v.scopeKind,
        scopeId: v.scopeId,
        usdPerMonth: v.usdPerMonth ?? null,
        tokensPerDay: v.tokensPerDay ?? null,
        requestsPerMinute: v.requestsPerMinute ?? null,
        concurrentRequests: v.concurrentRequests ?? null,
        breachAction: v.breachAction,
      },
    });
    await appendAudit({ db: tx, tenantId, actor, action: "budget.created", target: { type: "budget", id: row.id }, summary: { ...v } });
    return row.id;
  });
  return (await listBudgets({ scope: opts.scope, id }))[0]!;
}
