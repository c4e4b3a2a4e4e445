import { NewRolloutForm } from "@/components/rollouts/new-rollout-form";
import { RolloutsList } from "@/components/rollouts/rollouts-list";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Rollouts" };

export default async function RolloutsPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { role } = await requireTenantMember(tenantSlug);
  return (
    <>
      <PageHeader title="Rollouts" description="Agent policies and registry pins moving dev → staging → prod, with health gates, approvals and automatic rollback." />
      <div className="space-y-6">
        <RolloutsList tenantSlug={tenantSlug} />
        {roleAtLeast(role, "admin") ? <NewRolloutForm tenantSlug={tenantSlug} /> : null}
      </div>
    </>
  );
}
