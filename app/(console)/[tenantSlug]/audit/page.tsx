import { PageHeader } from "@/components/ui/page-header";
import { AuditPanel } from "@/components/audit/audit-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";

export const metadata = { title: "Audit" };

export default async function AuditPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader title="Audit log" description="Every change made in this tenant, append-only and hash-chained: each entry's hash covers the one before it." />
      <AuditPanel tenantSlug={tenantSlug} />
    </>
  );
}
