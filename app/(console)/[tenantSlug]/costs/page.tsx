import { PageHeader } from "@/components/ui/page-header";
import { CostsReport } from "@/components/costs/costs-report";
import { BudgetsPanel } from "@/components/costs/budgets-panel";
import { PriceOverridesPanel } from "@/components/costs/price-overrides-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { getCostOverview } from "@/server/modules/finops/get-cost-overview";
import { buildChargebackReport } from "@/server/modules/finops/build-chargeback-report";
import { listBudgets } from "@/server/modules/budgets/list-budgets";
import { roleAtLeast } from "@/server/auth/roles";
import type { TBudgetScopeOptions } from "@/components/costs/budget-scope-options";
import type { TTenantScope } from "@/server/modules/tenant-scope";

/** Candidates for the budget scope picker (the first 500 of each; any other id can still be typed). */
async function loadBudgetScopeOptions(scope: TTenantScope): Promise<TBudgetScopeOptions> {
  const take = 500;
  const [people, devices, identities, groups] = await Promise.all([
    scope.db.person.findMany({ where: { deletedAt: null }, select: { id: true, displayName: true, userName: true }, orderBy: { userName: "asc" }, take }),
    scope.db.device.findMany({ where: { status: "active" }, select: { id: true, hostname: true }, orderBy: { hostname: "asc" }, take }),
    scope.db.agentIdentity.findMany({ where: { status: "active" }, select: { id: true, productSlug: true, device: { select: { hostname: true } } }, orderBy: { createdAt: "desc" }, take }),
    scope.db.group.findMany({ where: { mapping: { in: ["project", "business_unit"] } }, select: { displayName: true, mapping: true }, orderBy: { displayName: "asc" }, take }),
  ]);
  return {
    person: people.map((p) => ({ id: p.id, label: p.displayName ? `${p.displayName} <${p.userName}>` : p.userName })),
    device: devices.map((d) => ({ id: d.id, label: d.hostname })),
    identity: identities.map((i) => ({ id: i.id, label: `${i.productSlug} on ${i.device.hostname}` })),
    project: groups.filter((g) => g.mapping === "project").map((g) => ({ id: g.displayName, label: "project group" })),
    businessUnit: groups.filter((g) => g.mapping === "business_unit").map((g) => ({ id: g.displayName, label: "business unit group" })),
    environment: ["dev", "staging", "prod"].map((e) => ({ id: e, label: e })),
  };
}

export const metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

export default async function CostsPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { scope, role } = await requireTenantMember(tenantSlug);
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const [overview, chargeback, budgets, scopeOptions] = await Promise.all([
    getCostOverview({ scope, days: 30, anomalyMultiplier: 3, now }),
    buildChargebackReport({ scope, from: monthStart, to: monthEnd }),
    listBudgets({ scope, now }),
    loadBudgetScopeOptions(scope),
  ]);
  const canManage = roleAtLeast(role, "admin");
  return (
    <>
      <PageHeader
        title="Costs"
        description="Agent spend metered by every device gateway, attributed to agent, person, device, project, business unit and environment. Chargeback per business unit with CSV export."
      />
      <CostsReport
        overview={overview}
        chargeback={chargeback}
        budgets={budgets}
        budgetsSection={<BudgetsPanel tenantSlug={tenantSlug} budgets={budgets} burnDown={overview.burnDown} canManage={canManage} scopeOptions={scopeOptions} />}
        pricesSection={<PriceOverridesPanel tenantSlug={tenantSlug} canManage={canManage} />}
      />
    </>
  );
}
