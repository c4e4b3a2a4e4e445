import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentGroups } from "@/components/agents/agent-groups";
import { requireTenantMember } from "@/server/auth/tenant-page";
import { summarizeAgents } from "@/server/modules/devices/summarize-agents";

export const metadata = { title: "Agents" };

export default async function AgentsPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  const { scope } = await requireTenantMember(tenantSlug);
  const groups = await summarizeAgents({ scope });
  return (
    <>
      <PageHeader title="Agents" description="Every AI agent installation across the estate, grouped by product and version." />
      {groups.length === 0 ? (
        <EmptyState title="No agents discovered yet">
          Enroll a device from the <Link href={`/${tenantSlug}/devices`} className="text-brand-700 hover:underline">Devices</Link> page; its agents appear here after its first check-in.
        </EmptyState>
      ) : (
        <AgentGroups tenantSlug={tenantSlug} groups={groups} />
      )}
    </>
  );
}
