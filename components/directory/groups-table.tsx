"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Card, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

type TMapping = "none" | "business_unit" | "project" | "policy_class";
type TGroupRow = { id: string; displayName: string; externalId: string | null; mapping: TMapping; members: number };

const MAPPING_LABELS: Record<TMapping, string> = { none: "Not mapped", business_unit: "Business unit", project: "Project", policy_class: "Policy class" };

/** SCIM groups and what each means to Marshal; admins choose the mapping. */
export function GroupsTable({ tenantSlug, canManage }: { tenantSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const groups = useQuery(trpc.directory.groups.queryOptions({ tenantSlug, search: search || undefined, offset: 0, limit: 200 }));
  const setMapping = useMutation(
    trpc.directory.setGroupMapping.mutationOptions({
      onSuccess: () => {
        toast.success("Mapping saved");
        void queryClient.invalidateQueries({ queryKey: trpc.directory.pathKey() });
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const columns: ColumnDef<TGroupRow, unknown>[] = [
    { header: "Group", accessorKey: "displayName" },
    { header: "Members", accessorKey: "members" },
    {
      header: "Maps to",
      accessorKey: "mapping",
      cell: ({ row }) =>
        canManage ? (
          <Select
            aria-label={`Mapping of ${row.original.displayName}`}
            value={row.original.mapping}
            onChange={(e) => setMapping.mutate({ tenantSlug, groupId: row.original.id, mapping: e.target.value as TMapping })}
          >
            {Object.entries(MAPPING_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        ) : (
          MAPPING_LABELS[row.original.mapping]
        ),
    },
  ];
  return (
    <Card>
      <CardHeader
        title={`Groups (${groups.data?.total ?? 0})`}
        description="Business units and projects attribute usage and cost; a policy class decides which policy members' agents get."
        actions={<Input aria-label="Search groups" placeholder="Search groups" value={search} onChange={(e) => setSearch(e.target.value)} />}
      />
      <DataTable columns={columns} data={(groups.data?.groups ?? []) as TGroupRow[]} empty={groups.isLoading ? "Loading…" : "No groups provisioned yet"} testId="directory-groups" />
    </Card>
  );
}
