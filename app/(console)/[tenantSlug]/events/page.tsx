import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Events" };

export default function EventsPage() {
  return (
    <CapabilityPlaceholder
      title="Events"
      description="Every agent action as a semantic event, searchable and exported to your SIEM."
      emptyTitle="No events"
      emptyText="The event explorer is not available in this build yet."
    />
  );
}
