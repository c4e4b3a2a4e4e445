import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Registry" };

export default function RegistryPage() {
  return (
    <CapabilityPlaceholder
      title="Registry"
      description="Sanctioned, tolerated and blocked agents, with pinned versions and hashes."
      emptyTitle="No registry decisions yet"
      emptyText="The registry is not available in this build yet."
    />
  );
}
