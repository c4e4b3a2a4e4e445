import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Kill switch" };

export default function KillSwitchPage() {
  return (
    <CapabilityPlaceholder
      title="Kill switch"
      description="Revoke agents everywhere, and see proof that they stopped."
      emptyTitle="No revocations"
      emptyText="The kill switch is not available in this build yet."
    />
  );
}
