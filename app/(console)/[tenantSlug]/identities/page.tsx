import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Identities" };

export default function IdentitiesPage() {
  return (
    <CapabilityPlaceholder
      title="Identities"
      description="Each agent's own revocable identity, distinct from the person it acts for."
      emptyTitle="No agent identities yet"
      emptyText="Agent identities are not available in this build yet."
    />
  );
}
