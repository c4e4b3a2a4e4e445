import { ConsoleShell } from "@/components/shell/console-shell";
import { AppProviders } from "@/components/providers/app-providers";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { listMembershipsOfUser } from "@/server/db/accounts";
import { signOutAction } from "@/app/(auth)/actions";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role, tenantName, user } = await requireTenantMember(tenantSlug);
  const memberships = await listMembershipsOfUser(user.id);
  return (
    <AppProviders>
      <ConsoleShell
        tenantSlug={tenantSlug}
        tenantName={tenantName}
        role={role}
        userEmail={user.email}
        tenants={memberships.map((m) => ({ slug: m.tenant.slug, name: m.tenant.name, role: m.role }))}
        signOut={signOutAction}
      >
        {children}
      </ConsoleShell>
    </AppProviders>
  );
}
