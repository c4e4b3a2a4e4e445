/** One budget, read-only: scope, limits, month-to-date spend against the USD limit, tokens today, burn-down. */
import { Badge } from "@/components/ui/badge";
import type { TBudget } from "@/server/modules/budgets/budget-schemas";
import type { TCostOverview } from "@/server/modules/finops/cost-schemas";
import { BudgetBurnDown } from "./budget-burn-down";
import { SCOPE_KIND_LABELS } from "./budget-scope-options";
import { formatUsd } from "./format-usd";

function limitsText(b: TBudget): string[] {
  const out: string[] = [];
  if (b.usdPerMonth !== null) out.push(`${formatUsd(b.usdPerMonth)} / month`);
  if (b.tokensPerDay !== null) out.push(`${b.tokensPerDay.toLocaleString("en-US")} tokens / day`);
  if (b.requestsPerMinute !== null) out.push(`${b.requestsPerMinute.toLocaleString("en-US")} requests / minute`);
  if (b.concurrentRequests !== null) out.push(`${b.concurrentRequests} concurrent`);
  return out;
}

export function BudgetSummary({ budget: b, burn, actions }: { budget: TBudget; burn?: TCostOverview["burnDown"][number]; actions?: React.ReactNode }) {
  const used = b.usdPerMonth ? Math.min(100, (b.spentUsdThisMonth / b.usdPerMonth) * 100) : null;
  return (
    <>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{b.name}</span>
        <span className="text-slate-500">
          {SCOPE_KIND_LABELS[b.scopeKind]}: {b.scopeLabel}
        </span>
        {b.breachedMonth ? <Badge tone="bad">breached {b.breachedMonth}</Badge> : null}
        {b.breachAction === "revoke" ? <Badge tone="warn">kill switch on breach</Badge> : <Badge>block and notify on breach</Badge>}
        {actions ? <span className="ml-auto flex gap-2">{actions}</span> : null}
      </div>
      <div className="mt-1 text-xs text-slate-600">Limits: {limitsText(b).join(" · ")}</div>
      {b.usdPerMonth !== null && used !== null ? (
        <div className="mt-2">
          <div className="flex justify-between text-xs tabular-nums text-slate-600">
            <span>
              {formatUsd(b.spentUsdThisMonth)} of {formatUsd(b.usdPerMonth)} this month
            </span>
            <span>{used.toFixed(0)}%</span>
          </div>
          <div className="mt-1 h-2 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuenow={Math.round(used)} aria-valuemin={0} aria-valuemax={100} aria-label={`${b.name} spent`}>
            <div className={used >= 100 ? "h-full bg-red-500" : used >= 80 ? "h-full bg-amber-500" : "h-full bg-brand-600"} style={{ width: `${used}%` }} />
          </div>
        </div>
      ) : null}
      {b.tokensPerDay !== null ? (
        <div className="mt-1 text-xs tabular-nums text-slate-600">
          {b.tokensToday.toLocaleString("en-US")} of {b.tokensPerDay.toLocaleString("en-US")} tokens today
        </div>
      ) : null}
      {burn ? <BudgetBurnDown limitUsd={burn.limitUsd} points={burn.points} /> : null}
    </>
  );
}
