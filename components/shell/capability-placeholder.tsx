import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

/** A console section whose capability has not shipped yet: says so plainly instead of showing fake data. */
export function CapabilityPlaceholder({ title, description, emptyTitle, emptyText }: { title: string; description: string; emptyTitle: string; emptyText: string }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState title={emptyTitle}>{emptyText}</EmptyState>
    </>
  );
}
