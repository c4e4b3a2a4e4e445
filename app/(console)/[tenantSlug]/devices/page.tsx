import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Devices" };

export default function DevicesPage() {
  return (
    <CapabilityPlaceholder
      title="Devices"
      description="Enrolled endpoints, their owners, rings and agents."
      emptyTitle="No devices enrolled yet"
      emptyText="Device enrollment is not available in this build yet."
    />
  );
}
