import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { DirectoryPanel } from "@/components/directory/directory-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Directory" };

export default async function DirectoryPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader
        title="Directory"
        description="People and groups provisioned by SCIM from Okta or Entra ID, with the devices they own and the agents acting for them."
        actions={
          <Link className="text-sm font-medium text-brand-600 hover:underline" href={`/${tenantSlug}/integrations/scim`}>
            SCIM setup →
          </Link>
        }
      />
      <DirectoryPanel tenantSlug={tenantSlug} canManage={roleAtLeast(role, "admin")} />
    </>
  );
}
