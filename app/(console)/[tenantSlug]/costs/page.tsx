import { PageHeader } from "@/components/ui/page-header";
import { CostsReport } from "@/components/costs/costs-report";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { getCostOverview } from "@/server/modules/finops/get-cost-overview";
import { buildChargebackReport } from "@/server/modules/finops/build-chargeback-report";
import { listBudgets } from "@/server/modules/budgets/list-budgets";

export const metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

export default async function CostsPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { scope } = await requireTenantMember(tenantSlug);
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const [overview, chargeback, budgets] = await Promise.all([
    getCostOverview({ scope, days: 30, anomalyMultiplier: 3, now }),
    buildChargebackReport({ scope, from: monthStart, to: monthEnd }),
    listBudgets({ scope, now }),
  ]);
  return (
    <>
      <PageHeader
        title="Costs"
        description="Agent spend metered by every device gateway, attributed to agent, person, device, project, business unit and environment. Chargeback per business unit with CSV export."
      />
      <CostsReport overview={overview} chargeback={chargeback} budgets={budgets} />
    </>
  );
}
