import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Rollouts" };

export default function RolloutsPage() {
  return (
    <CapabilityPlaceholder
      title="Rollouts"
      description="Agent versions and policies moving dev → staging → prod."
      emptyTitle="No rollouts"
      emptyText="Staged rollouts are not available in this build yet."
    />
  );
}
