import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { RegistryPanel } from "@/components/registry/registry-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Registry" };

export default async function RegistryPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader title="Registry" description="Which agents may run here, in which version, with which powers. Changes reach connected devices at once." />
      <p className="mb-4 text-sm">
        <Link className="text-brand-700 hover:underline" href={`/${tenantSlug}/registry/compliance`}>Compliance: is it in force on every device? →</Link>
      </p>
      <RegistryPanel tenantSlug={tenantSlug} canManage={roleAtLeast(role, "admin")} />
    </>
  );
}
