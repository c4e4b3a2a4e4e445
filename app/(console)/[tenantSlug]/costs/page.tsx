import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Costs" };

export default function CostsPage() {
  return (
    <CapabilityPlaceholder
      title="Costs"
      description="Agent spend by person, project and business unit."
      emptyTitle="No usage recorded"
      emptyText="Cost attribution is not available in this build yet."
    />
  );
}
