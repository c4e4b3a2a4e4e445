import { PageHeader } from "@/components/ui/page-header";
import { ComplianceMatrix } from "@/components/registry/compliance-matrix";
import { requireTenantMember } from "@/server/auth/tenant-page";

export const metadata = { title: "Compliance" };

export default async function CompliancePage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader title="Compliance" description="Devices × agents: in force, drifted, tampered, blocked but present, needs elevation." />
      <ComplianceMatrix tenantSlug={tenantSlug} />
    </>
  );
}
