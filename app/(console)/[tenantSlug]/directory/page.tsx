import { CapabilityPlaceholder } from "@/components/shell/capability-placeholder";

export const metadata = { title: "Directory" };

export default function DirectoryPage() {
  return (
    <CapabilityPlaceholder
      title="Directory"
      description="People and groups provisioned by SCIM from Okta or Entra ID."
      emptyTitle="No people provisioned"
      emptyText="SCIM provisioning is not available in this build yet."
    />
  );
}
