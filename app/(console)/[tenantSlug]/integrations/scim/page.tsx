import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { ScimProviderSteps } from "@/components/scim/scim-provider-steps";
import { ScimRequestLog } from "@/components/scim/scim-request-log";
import { ScimSetupPanel } from "@/components/scim/scim-setup-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";
import { env } from "@/server/env";
import { trimBaseUrl } from "@/server/modules/scim/scim-meta";

export const metadata = { title: "SCIM provisioning" };

export default async function ScimSetupPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  const baseUrl = `${trimBaseUrl(env().MARSHAL_PUBLIC_URL)}/scim/v2`;
  return (
    <>
      <PageHeader
        title="SCIM provisioning"
        description="Okta or Microsoft Entra ID keeps Marshal's directory in sync. When someone is deactivated or deleted there, every agent acting for them is revoked and stopped on their devices."
        actions={
          <Link className="text-sm font-medium text-brand-600 hover:underline" href={`/${tenantSlug}/directory`}>
            Open the directory →
          </Link>
        }
      />
      <div className="space-y-6">
        <ScimSetupPanel tenantSlug={tenantSlug} baseUrl={baseUrl} canManage={roleAtLeast(role, "admin")} />
        <ScimProviderSteps baseUrl={baseUrl} />
        <ScimRequestLog tenantSlug={tenantSlug} />
      </div>
    </>
  );
}
