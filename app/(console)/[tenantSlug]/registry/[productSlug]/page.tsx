import { PageHeader } from "@/components/ui/page-header";
import { ProductDetail } from "@/components/registry/product-detail";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Agent product" };

export default async function RegistryProductPage({ params }: { params: Promise<{ tenantSlug: string; productSlug: string }> }) {
  const { tenantSlug, productSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader title="Agent product" description="Verdict, pins, exceptions, where it runs and its version spread." />
      <ProductDetail tenantSlug={tenantSlug} productSlug={decodeURIComponent(productSlug)} canManage={roleAtLeast(role, "admin")} />
    </>
  );
}
