import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Integrations" };

export default function IntegrationsPage() {
  return (
    <CapabilityPlaceholder
      title="Integrations"
      description="SCIM, ServiceNow, Jira, SIEM sinks and billing."
      emptyTitle="No integrations configured"
      emptyText="Integrations are not available in this build yet."
    />
  );
}
