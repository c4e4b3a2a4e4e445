import { selectLedgerTotals } from "@/server/db/usage";
import type { TTenantScope } from "../tenant-scope";
import { ZBudget, utcDay, utcMonth, type TBudget, type TBudgetScopeKind } from "./budget-schemas";
import { describeBudgetScope } from "./describe-budget-scope";

/** Budgets with their month-to-date spend and today's tokens across every device (the budget ledger). */
export async function listBudgets(opts: { scope: TTenantScope; now?: Date; id?: string }): Promise<TBudget[]> {
  const now = opts.now ?? new Date();
  const { db, tenantId } = opts.scope;
  const rows = await db.budget.findMany({ where: opts.id ? { id: opts.id } : {}, orderBy: [{ scopeKind: "asc" }, { name: "asc" }] });
  const totals = await selectLedgerTotals({ tenantId, scopes: rows.map((b) => ({ kind: b.scopeKind, id: b.scopeId })), day: utcDay(now), month: utcMonth(now) });
  const byKey = new Map(totals.map((t) => [`${t.scopeKind}\u0000${t.scopeId}`, t]));
  return Promise.all(
    rows.map(async (b) => {
      const t = byKey.get(`${b.scopeKind}\u0000${b.scopeId}`);
      return ZBudget.parse({
        ...b,
        scopeLabel: await describeBudgetScope({ db, kind: b.scopeKind as TBudgetScopeKind, id: b.scopeId, mustExist: false }),
        spentUsdThisMonth: t ? Number(t.usdNano) / 1e9 : 0,
        tokensToday: t ? Number(t.tokens) : 0,
      });
    }),
  );
}
