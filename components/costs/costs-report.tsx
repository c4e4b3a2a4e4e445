/**
 * The Costs page body, rendered on the server from the FinOps module's figures: month-to-date and forecast, spend
 * over time with anomalies, spend by person / business unit / project / environment / model, top agents, budget
 * burn-down (the page slots in the budget and price-override editors), and the chargeback report per business unit with its CSV.
 */
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { TCostOverview } from "@/server/modules/finops/cost-schemas";
import type { TChargebackReport } from "@/server/modules/finops/build-chargeback-report";
import type { TBudget } from "@/server/modules/budgets/budget-schemas";
import { BudgetSummary } from "./budget-summary";
import { CsvDownloadButton } from "./csv-download-button";
import { formatUsd } from "./format-usd";
import { SpendCharts } from "./spend-charts";
import { SpendTable } from "./spend-table";

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <Card data-testid={testId}>
      <CardBody>
        <div className="text-xs uppercase text-slate-500">{label}</div>
        <div className="mt-1 text-2xl font-semibold tabular-nums">{value}</div>
        {hint ? <div className="mt-1 text-xs text-slate-500">{hint}</div> : null}
      </CardBody>
    </Card>
  );
}

export function CostsReport({
  overview,
  chargeback,
  budgets,
  budgetsSection,
  pricesSection,
}: {
  overview: TCostOverview;
  chargeback: TChargebackReport;
  budgets: TBudget[];
  /** The interactive budgets editor (the console page passes BudgetsPanel); default: a read-only list of `budgets`. */
  budgetsSection?: React.ReactNode;
  /** The price overrides table (the console page passes PriceOverridesPanel). */
  pricesSection?: React.ReactNode;
}) {
  const o = overview;
  return (
    <div className="space-y-6">
      <div className="grid gap-4 md:grid-cols-4">
        <Kpi testId="kpi-month-to-date" label="Month to date" value={formatUsd(o.monthToDateUsd)} />
        <Kpi testId="kpi-forecast" label="Forecast to month end" value={formatUsd(o.forecastMonthEndUsd)} hint={`run rate ${formatUsd(o.runRateUsdPerDay)} / day (trailing 7 days)`} />
        <Kpi testId="kpi-period" label={`Last ${o.daily.length} days`} value={formatUsd(o.totalUsd)} hint={`${o.totalRequests.toLocaleString("en-US")} requests, ${o.totalTokens.toLocaleString("en-US")} tokens`} />
        <Kpi testId="kpi-unknown" label="Unknown-model requests" value={o.unknownPricedRequests.toLocaleString("en-US")} hint="priced at the provider's highest rate, never free" />
      </div>

      {o.anomalies.length > 0 ? (
        <Card data-testid="cost-anomalies">
          <CardHeader title="Anomalies" description="Days whose spend exceeded the multiple of the trailing 7-day average" />
          <CardBody>
            <ul className="space-y-1 text-sm">
              {o.anomalies.map((a) => (
                <li key={a.day}>
                  <Badge tone="bad">{a.ratio.toFixed(1)}×</Badge> <span className="font-medium">{a.day}</span>: {formatUsd(a.usd)} against a trailing average of {formatUsd(a.trailingAvgUsd)}
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      ) : null}

      <SpendCharts daily={o.daily} byPerson={o.byPerson} byBusinessUnit={o.byBusinessUnit} />

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader title="Spend by person" />
          <CardBody>
            <SpendTable title="Person" rows={o.byPerson} testId="spend-by-person" />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Spend by business unit" />
          <CardBody>
            <SpendTable title="Business unit" rows={o.byBusinessUnit} testId="spend-by-business-unit" />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Top agents" description="Agent identities (product on device, person)" />
          <CardBody>
            <SpendTable title="Agent" rows={o.topAgents} testId="top-agents" />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="By project, environment and model" />
          <CardBody className="space-y-4">
            <SpendTable title="Project" rows={o.byProject} testId="spend-by-project" />
            <SpendTable title="Environment" rows={o.byEnvironment} testId="spend-by-environment" />
            <SpendTable title="Model" rows={o.byModel} testId="spend-by-model" />
          </CardBody>
        </Card>
      </div>

      {budgetsSection ?? (
        <Card data-testid="budgets">
          <CardHeader title="Budgets" description="Enforced by every device gateway before the call; shared across a person's devices" />
          <CardBody className="space-y-6">
            {budgets.length === 0 ? <p className="text-sm text-slate-500">No budgets yet.</p> : null}
            {budgets.map((b) => (
              <div key={b.id}>
                <BudgetSummary budget={b} burn={o.burnDown.find((x) => x.budgetId === b.id)} />
              </div>
            ))}
          </CardBody>
        </Card>
      )}

      {pricesSection ?? null}

      <Card data-testid="chargeback">
        <CardHeader
          title="Chargeback / showback"
          description={`Per business unit, project and person, ${chargeback.from.toISOString().slice(0, 10)} to ${new Date(chargeback.to.getTime() - 1).toISOString().slice(0, 10)}`}
          actions={<CsvDownloadButton csv={chargeback.csv} filename={chargeback.filename} />}
        />
        <CardBody>
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase text-slate-500">
                <th className="py-2 font-medium">Business unit</th>
                <th className="py-2 font-medium">Project</th>
                <th className="py-2 font-medium">Person</th>
                <th className="py-2 text-right font-medium">Requests</th>
                <th className="py-2 text-right font-medium">Cost</th>
                <th className="py-2 text-right font-medium">Share</th>
              </tr>
            </thead>
            <tbody>
              {chargeback.rows.length === 0 ? (
                <tr>
                  <td colSpan={6} className="py-3 text-slate-500">
                    No usage this month.
                  </td>
                </tr>
              ) : (
                chargeback.rows.map((r, i) => (
                  <tr key={i} className="border-b border-slate-100 last:border-0">
                    <td className="py-2">{r.businessUnit}</td>
                    <td className="py-2">{r.project}</td>
                    <td className="py-2">{r.person}</td>
                    <td className="py-2 text-right tabular-nums">{r.requests.toLocaleString("en-US")}</td>
                    <td className="py-2 text-right tabular-nums">{formatUsd(r.costUsd)}</td>
                    <td className="py-2 text-right tabular-nums">{r.sharePct.toFixed(1)}%</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </CardBody>
      </Card>
      <p className="text-xs text-slate-500">Prices: table {o.priceTableVersion} (tenant overrides applied).</p>
    </div>
  );
}
