import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { countOverview } from "@/server/modules/overview/count-overview";
import { summarizeEstate } from "@/server/modules/devices/summarize-estate";
import { EstateCharts } from "@/components/overview/estate-charts";

export const metadata = { title: "Overview" };

const LABELS: Record<string, string> = {
  devices: "Enrolled devices",
  installations: "Agent installations",
  people: "People",
  members: "Console members",
  apiKeys: "Active API keys",
  auditEntries: "Audit entries",
};

export default async function OverviewPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { scope, tenantName } = await requireTenantMember(tenantSlug);
  const [counts, estate] = await Promise.all([countOverview({ scope }), summarizeEstate({ scope })]);
  return (
    <>
      <PageHeader title={tenantName} description="Every AI agent on your devices, as a managed actor." />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3">
        {Object.entries(LABELS).map(([key, label]) => (
          <Card key={key} className="px-5 py-4" data-testid={`count-${key}`}>
            <div className="text-sm text-slate-500">{label}</div>
            <div className="mt-1 text-3xl font-semibold tabular-nums">{counts[key as keyof typeof counts] ?? 0}</div>
          </Card>
        ))}
      </div>
      <EstateCharts estate={estate} />
    </>
  );
}
