import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { REVOCABLE_SCOPE_KINDS, ZBudgetPatch, issueMessage, type TBudget, type TBudgetPatch, type TBudgetScopeKind } from "./budget-schemas";
import { listBudgets } from "./list-budgets";

/** Changes a budget's limits, name or breach action (null clears a limit; at least one must remain). */
export async function updateBudget(opts: { scope: TTenantScope; id: string; patch: TBudgetPatch }): Promise<TBudget> {
  const parsed = ZBudgetPatch.safeParse(opts.patch);
  if (!parsed.success) throw new AppError("BAD_REQUEST", issueMessage(parsed.error));
  const p = parsed.data;
  const { db, tenantId, actor } = opts.scope;
  await db.$transaction(async (tx) => {
    const b = await tx.budget.findFirst({ where: { id: opts.id } });
    if (!b) throw new AppError("NOT_FOUND", "Budget not found");
    const next = {
      name: p.name ?? b.name,
      usdPerMonth: p.usdPerMonth === undefined ? b.usdPerMonth : p.usdPerMonth,
      tokensPerDay: p.tokensPerDay === undefined ? b.tokensPerDay : p.tokensPerDay,
      requestsPerMinute: p.requestsPerMinute === undefined ? b.requestsPerMinute : p.requestsPerMinute,
      concurrentRequests: p.concurrentRequests === undefined ? b.concurrentRequests : p.concurrentRequests,
      breachAction: p.breachAction ?? b.breachAction,
    };
    if ([next.usdPerMonth, next.tokensPerDay, next.requestsPerMinute, next.concurrentRequests].every((x) => x === null)) {
      throw new AppError("BAD_REQUEST", "a budget needs at least one limit; delete it instead");
    }
    if (next.breachAction === "revoke" && !REVOCABLE_SCOPE_KINDS.has(b.scopeKind as TBudgetScopeKind)) {
      throw new AppError("BAD_REQUEST", `breachAction: the kill switch can stop an identity, a person or a device, not a whole ${b.scopeKind}`);
    }
    if (next.breachAction === "revoke" && next.usdPerMonth === null) throw new AppError("BAD_REQUEST", "breachAction: revoking on breach needs a monthly USD budget");
    // a raised budget re-arms the breach trigger for this month
    const rearm = next.usdPerMonth !== b.usdPerMonth ? { breachedMonth: null, breachedAt: null } : {};
    await tx.budget.update({ where: { id: b.id }, data: { ...next, ...rearm } });
    await appendAudit({ db: tx, tenantId, actor, action: "budget.updated", target: { type: "budget", id: b.id }, summary: { scopeKind: b.scopeKind, scopeId: b.scopeId, ...next } });
  });
  return (await listBudgets({ scope: opts.scope, id: opts.id }))[0]!;
}
