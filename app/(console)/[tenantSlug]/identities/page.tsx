import { PageHeader } from "@/components/ui/page-header";
import { IdentitiesPanel } from "@/components/identities/identities-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";

export const metadata = { title: "Identities" };

export default async function IdentitiesPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader
        title="Identities"
        description="Each agent's own revocable identity, distinct from the person it acts for. Tokens live at most 15 minutes and are verifiable with this tenant's JWKS."
      />
      <IdentitiesPanel tenantSlug={tenantSlug} />
    </>
  );
}
