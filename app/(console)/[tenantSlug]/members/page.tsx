import { PageHeader } from "@/components/ui/page-header";
import { MembersPanel } from "@/components/members/members-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader title="Members" description="People who can use this console, and what they may do. Auditors can read everything and change nothing." />
      <MembersPanel tenantSlug={tenantSlug} canManage={roleAtLeast(role, "admin")} isOwner={role === "owner"} />
    </>
  );
}
