import { notFound } from "next/navigation";
import { RolloutDetail } from "@/components/rollouts/rollout-detail";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { roleAtLeast } from "@/server/auth/roles";

export const metadata = { title: "Rollout" };

export default async function RolloutPage({ params }: { params: Promise<{ tenantSlug: string; rolloutId: string }> }) {
  const { tenantSlug, rolloutId } = await params;
  const { scope, role } = await requireTenantMember(tenantSlug);
  const rollout = await scope.db.rollout.findFirst({ where: { id: rolloutId }, select: { title: true } });
  if (!rollout) notFound();
  return (
    <>
      <PageHeader title={rollout.title} description="Stage timeline, progress per ring, gate metrics and the revision diff." />
      <RolloutDetail
        tenantSlug={tenantSlug}
        rolloutId={rolloutId}
        can={{ approve: roleAtLeast(role, "operator"), promote: roleAtLeast(role, "operator"), halt: roleAtLeast(role, "operator"), rollback: roleAtLeast(role, "admin") }}
      />
    </>
  );
}
