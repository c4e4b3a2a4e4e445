import { PageHeader } from "@/components/ui/page-header";
import { KillSwitchPanel } from "@/components/kill-switch/kill-switch-panel";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Kill switch" };

const SCOPE_TYPES = ["identity", "product", "person", "device", "tenant"] as const;

export default async function KillSwitchPage({ params, searchParams }: { params: Promise<{ tenantSlug: string }>; searchParams: Promise<{ scope?: string; id?: string }> }) {
  const { tenantSlug } = await params;
  const sp = await searchParams;
  const { role } = await requireTenantMember(tenantSlug);
  const scopeType = SCOPE_TYPES.find((s) => s === sp.scope);
  return (
    <>
      <PageHeader title="Kill switch" description="Revoke agents everywhere, and see proof, device by device, that they stopped." />
      <KillSwitchPanel
        tenantSlug={tenantSlug}
        canRevoke={roleAtLeast(role, "operator")}
        canRevokeTenant={roleAtLeast(role, "admin")}
        canRestore={roleAtLeast(role, "admin")}
        initialScope={scopeType ? { type: scopeType, id: sp.id } : undefined}
      />
    </>
  );
}
