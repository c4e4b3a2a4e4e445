import { PageHeader } from "@/components/ui/page-header";
import { IdentityDetail } from "@/components/identities/identity-detail";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Identity" };

export default async function IdentityPage({ params }: { params: Promise<{ tenantSlug: string; identityId: string }> }) {
  const { tenantSlug, identityId } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader title="Agent identity" description={identityId} />
      <IdentityDetail tenantSlug={tenantSlug} identityId={identityId} canRevoke={roleAtLeast(role, "operator")} />
    </>
  );
}
