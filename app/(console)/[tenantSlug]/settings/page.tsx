import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { EmptyState } from "@/components/ui/empty-state";
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
      {roleAtLeast(role, "admin") ? (
        <ApiKeysPanel tenantSlug={tenantSlug} />
      ) : (
        <EmptyState title="API keys are managed by admins">Ask an owner or admin of this tenant for a key.</EmptyState>
      )}
    </>
  );
}
