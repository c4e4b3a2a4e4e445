/**
 * A budget whose month-to-date spend (budget ledger, every device) has reached its monthly USD limit is marked
 * breached once per month; with breachAction "revoke" it fires the kill switch for its scope (identity, person or
 * device) with trigger "budget" and triggerRef `budget:<id>:<month>`. The gateways already refuse further calls with
 * a 429 (their quota engines see the same totals); the revocation also stops the agents and revokes their tokens.
 */
import { SYSTEM_ACTOR } from "../audit/actor";
import { appendAudit } from "../audit/append-audit";
import { createRevocation } from "../revocations/create-revocation";
import type { TTenantScope } from "../tenant-scope";
import { isAppError } from "@/server/errors";

export type TBreachCandidate = { id: string; name: string; scopeKind: string; scopeId: string; usdPerMonth: number | null; breachAction: string; breachedMonth: string | null };

export async function enforceBudgetBreaches(opts: {
  scope: TTenantScope;
  budgets: TBreachCandidate[];
  spentNano: (b: TBreachCandidate) => bigint;
  month: string;
}): Promise<Array<{ budgetId: string; revocationId: string | null }>> {
  const { db, tenantId } = opts.scope;
  const fired: Array<{ budgetId: string; revocationId: string | null }> = [];
  for (const b of opts.budgets) {
    if (b.usdPerMonth === null || b.breachedMonth === opts.month) continue;
    const spent = opts.spentNano(b);
    if (spent < BigInt(Math.round(b.usdPerMonth * 1e9))) continue;
    // claim the breach for this month atomically: concurrent syncs from several devices fire it once
    const claimed = await db.budget.updateMany({
      where: { id: b.id, OR: [{ breachedMonth: null }, { breachedMonth: { not: opts.month } }] },
      data: { breachedMonth: opts.month, breachedAt: new Date() },
    });
    if (claimed.count !== 1) continue;
    const spentUsd = Number(spent) / 1e9;
    const systemScope: TTenantScope = { ...opts.scope, actor: SYSTEM_ACTOR };
    await db.$transaction((tx) =>
      appendAudit({ db: tx, tenantId, actor: SYSTEM_ACTOR, action: "budget.breached", target: { type: "budget", id: b.id }, summary: { name: b.name, scopeKind: b.scopeKind, scopeId: b.scopeId, limitUsd: b.usdPerMonth, spentUsd, action: b.breachAction } }),
    );
    let revocationId: string | null = null;
    if (b.breachAction === "revoke" && (b.scopeKind === "identity" || b.scopeKind === "person" || b.scopeKind === "device")) {
      try {
        const r = await createRevocation({
          scope: systemScope,
          target: { type: b.scopeKind, id: b.scopeId },
          reason: `Budget "${b.name}" breached: $${spentUsd.toFixed(2)} of $${b.usdPerMonth.toFixed(2)} this month`,
          trigger: "budget",
          triggerRef: `budget:${b.id}:${opts.month}`,
        });
        revocationId = r.id;
      } catch (err) {
        // already revoked, or nothing left to revoke: the breach is recorded, the scope is stopped either way
        if (!isAppError(err) || (err.code !== "CONFLICT" && err.code !== "UNPROCESSABLE")) throw err;
      }
    }
    fired.push({ budgetId: b.id, revocationId });
  }
  return fired;
}
