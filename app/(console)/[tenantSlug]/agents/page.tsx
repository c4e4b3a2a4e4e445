import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Agents" };

export default function AgentsPage() {
  return (
    <CapabilityPlaceholder
      title="Agents"
      description="Every AI agent installation across the estate, by product and version."
      emptyTitle="No agents discovered yet"
      emptyText="Agents appear here once devices are enrolled and report their inventory."
    />
  );
}
