"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

type TPersonRow = {
  id: string;
  userName: string;
  name: string | null;
  active: boolean;
  department: string | null;
  title: string | null;
  devices: number;
  agentsActive: number;
  agentsRevoked: number;
  groups: Array<{ id: string; displayName: string; mapping: string }>;
};

const PAGE = 50;

/** People provisioned by SCIM, searchable, with their devices, agents and groups; a click opens the person. */
export function PeopleTable({ tenantSlug, onSelect, selectedId }: { tenantSlug: string; onSelect: (id: string) => void; selectedId: string | null }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<"all" | "active" | "inactive">("all");
  const [offset, setOffset] = useState(0);
  const people = useQuery(trpc.directory.people.queryOptions({ tenantSlug, search: search || undefined, status, offset, limit: PAGE }));
  const total = people.data?.total ?? 0;

  const columns: ColumnDef<TPersonRow, unknown>[] = [
    {
      header: "Person",
      accessorKey: "userName",
      cell: ({ row }) => (
        <button type="button" className="text-left" onClick={() => onSelect(row.original.id)} aria-pressed={selectedId === row.original.id}>
          <div className="font-medium text-brand-700 hover:underline">{row.original.name ?? row.original.userName}</div>
          <div className="text-xs text-slate-500">{row.original.userName}</div>
        </button>
      ),
    },
    { header: "Status", accessorKey: "active", cell: ({ getValue }) => (getValue() ? <Badge tone="good">active</Badge> : <Badge tone="bad">deactivated</Badge>) },
    { header: "Department", accessorKey: "department", cell: ({ getValue }) => (getValue() as string | null) ?? "—" },
    { header: "Devices", accessorKey: "devices" },
    {
      header: "Agents",
      accessorKey: "agentsActive",
      cell: ({ row }) => (
        <span>
          {row.original.agentsActive} active
          {row.original.agentsRevoked ? <span className="text-slate-500"> · {row.original.agentsRevoked} revoked</span> : null}
        </span>
      ),
    },
    {
      header: "Groups",
      id: "groups",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.groups.map((g) => (
            <Badge key={g.id} tone={g.mapping === "none" ? "neutral" : "info"}>
              {g.displayName}
            </Badge>
          ))}
        </div>
      ),
    },
  ];

  return (
    <Card>
      <CardHeader
        title={`People (${total})`}
        actions={
          <div className="flex gap-2">
            <Input
              aria-label="Search people"
              placeholder="Search name, email, department"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setOffset(0);
              }}
            />
            <Select
              aria-label="Status"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as "all" | "active" | "inactive");
                setOffset(0);
              }}
            >
              <option value="all">All</option>
              <option value="active">Active</option>
              <option value="inactive">Deactivated</option>
            </Select>
          </div>
        }
      />
      <DataTable columns={columns} data={(people.data?.people ?? []) as TPersonRow[]} empty={people.isLoading ? "Loading…" : "No people provisioned yet: connect Okta or Entra ID under Integrations → SCIM"} testId="directory-people" />
      {total > PAGE ? (
        <div className="flex items-center justify-end gap-2 px-4 py-2 text-sm text-slate-600">
          <span>
            {offset + 1}–{Math.min(offset + PAGE, total)} of {total}
          </span>
          <Button variant="secondary" size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </Button>
          <Button variant="secondary" size="sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
