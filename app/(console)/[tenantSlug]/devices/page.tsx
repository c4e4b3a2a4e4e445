import { PageHeader } from "@/components/ui/page-header";
import { DevicesTable } from "@/components/devices/devices-table";
import { EnrollmentTokensPanel } from "@/components/devices/enrollment-tokens-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Devices" };

export default async function DevicesPage({ params, searchParams }: { params: Promise<{ tenantSlug: string }>; searchParams: Promise<{ agent?: string | string[] }> }) {
  const { tenantSlug } = await params;
  const { agent } = await searchParams;
  const { scope, role } = await requireTenantMember(tenantSlug);
  const products = await scope.db.agentProduct.findMany({ select: { slug: true, displayName: true }, orderBy: { displayName: "asc" } });
  return (
    <>
      <PageHeader title="Devices" description="Enrolled endpoints, their owners, rings and the AI agents found on them." />
      <div className="space-y-6">
        <EnrollmentTokensPanel tenantSlug={tenantSlug} canManage={roleAtLeast(role, "admin")} />
        <DevicesTable tenantSlug={tenantSlug} products={products} initialProductSlug={typeof agent === "string" ? agent : ""} />
      </div>
    </>
  );
}
