import { PageHeader } from "@/components/ui/page-header";
import { SecretsPanel } from "@/components/secrets/secrets-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Provider secrets" };

export default async function SecretsPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader
        title="Provider secrets"
        description="Model provider keys (Anthropic, OpenAI, Gemini) and internal API credentials. Device gateways fetch them just in time and inject them upstream, so agents and people never hold the real key."
      />
      <SecretsPanel tenantSlug={tenantSlug} canManage={roleAtLeast(role, "admin")} />
    </>
  );
}
