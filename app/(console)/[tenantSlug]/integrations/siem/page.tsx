import { PageHeader } from "@/components/ui/page-header";
import { SinksPanel } from "@/components/siem/sinks-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "SIEM export" };

export default async function SiemPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader
        title="SIEM export"
        description="Stream events to Splunk, Sentinel, Chronicle or Elastic in OCSF, ECS, CEF or OpenTelemetry logs. Each sink keeps a cursor: nothing is skipped, and every payload carries the event id for de-duplication."
      />
      <SinksPanel tenantSlug={tenantSlug} canManage={roleAtLeast(role, "admin")} />
    </>
  );
}
