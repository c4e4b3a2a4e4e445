"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Select } from "@/components/ui/select";

type TRequestRow = { id: string; at: Date; method: string; path: string; status: number; scimType: string | null; durationMs: number; tokenName: string | null };

/** Recent SCIM requests (method, path, status, time; never bodies or tokens), refreshed every few seconds. */
export function ScimRequestLog({ tenantSlug }: { tenantSlug: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"all" | "errors">("all");
  const requests = useQuery({ ...trpc.scimTokens.requests.queryOptions({ tenantSlug, limit: 100, status }), refetchInterval: 5000 });
  const columns: ColumnDef<TRequestRow, unknown>[] = [
    { header: "Time", accessorKey: "at", cell: ({ getValue }) => new Date(getValue() as Date).toLocaleString() },
    { header: "Method", accessorKey: "method" },
    { header: "Path", accessorKey: "path", cell: ({ getValue }) => <code className="break-all text-xs">{getValue() as string}</code> },
    {
      header: "Status",
      accessorKey: "status",
      cell: ({ row }) => (
        <Badge tone={row.original.status >= 500 ? "bad" : row.original.status >= 400 ? "warn" : "good"}>
          {row.original.status}
          {row.original.scimType ? ` ${row.original.scimType}` : ""}
        </Badge>
      ),
    },
    { header: "Duration", accessorKey: "durationMs", cell: ({ getValue }) => `${getValue() as number} ms` },
    { header: "Token", accessorKey: "tokenName", cell: ({ getValue }) => (getValue() as string | null) ?? "—" },
  ];
  return (
    <Card>
      <CardHeader
        title="Recent SCIM requests"
        description="What the identity provider sent and how Marshal answered. Request bodies and tokens are never logged."
        actions={
          <Select aria-label="Show" value={status} onChange={(e) => setStatus(e.target.value as "all" | "errors")}>
            <option value="all">All requests</option>
            <option value="errors">Errors only</option>
          </Select>
        }
      />
      <DataTable columns={columns} data={(requests.data ?? []) as TRequestRow[]} empty={requests.isLoading ? "Loading…" : "No SCIM requests yet"} testId="scim-requests-table" />
    </Card>
  );
}
