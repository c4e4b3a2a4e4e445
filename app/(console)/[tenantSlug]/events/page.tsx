import { PageHeader } from "@/components/ui/page-header";
import { EventsExplorer } from "@/components/events/events-explorer";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Events" };

export default async function EventsPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader title="Events" description="Every agent action as a semantic event: who, on whose behalf, on which device, what it meant to do, what happened." />
      <EventsExplorer tenantSlug={tenantSlug} canSave={roleAtLeast(role, "operator")} />
    </>
  );
}
