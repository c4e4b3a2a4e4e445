import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader
        title="Settings"
        description="API keys for automation (SOAR playbooks, scripts, CI)."
        actions={
          <Link className="text-sm font-medium text-brand-600 hover:underline" href="/docs/api">
            REST API documentation →
          </Link>
        }
      />
      <ApiKeysPanel tenantSlug={tenantSlug} canManage={roleAtLeast(role, "admin")} />
    </>
  );
}
