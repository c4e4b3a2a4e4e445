"use client";
/** Agent identities with filters; a row links to the identity's detail (credentials, last use, history). */
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

type TStatus = "active" | "suspended" | "revoked";
export const STATUS_TONE = { active: "good", suspended: "warn", revoked: "bad" } as const;

type TRow = {
  id: string;
  productSlug: string;
  status: TStatus;
  policyClass: string;
  hostname: string;
  personName: string | null;
  parentId: string | null;
  children: number;
  lastIssuedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};

function when(d: Date | null) {
  return d ? new Date(d).toLocaleString() : "—";
}

export function IdentitiesPanel({ tenantSlug }: { tenantSlug: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"" | TStatus>("");
  const [productSlug, setProductSlug] = useState("");
  const [policyClass, setPolicyClass] = useState("");
  const [q, setQ] = useState("");
  const list = useQuery(
    trpc.identities.list.queryOptions({
      tenantSlug,
      status: status || undefined,
      productSlug: productSlug.trim() || undefined,
      policyClass: policyClass.trim() || undefined,
      q: q.trim() || undefined,
      limit: 200,
    }),
  );
  const columns: ColumnDef<TRow, unknown>[] = [
    {
      header: "Identity",
      accessorKey: "id",
      cell: ({ row }) => (
        <Link className="font-mono text-xs text-brand-700 hover:underline" href={`/${tenantSlug}/identities/${row.original.id}`}>
          {row.original.id}
        </Link>
      ),
    },
    { header: "Agent", accessorKey: "productSlug" },
    { header: "Acts for", accessorKey: "personName", cell: ({ getValue }) => (getValue() as string | null) ?? "—" },
    { header: "Device", accessorKey: "hostname" },
    { header: "Policy class", accessorKey: "policyClass" },
    { header: "Status", accessorKey: "status", cell: ({ row }) => <Badge tone={STATUS_TONE[row.original.status]}>{row.original.status}</Badge> },
    { header: "Delegation", id: "delegation", cell: ({ row }) => (row.original.parentId ? "sub-agent" : row.original.children > 0 ? `${row.original.children} delegated` : "—") },
    { header: "Last token", accessorKey: "lastIssuedAt", cell: ({ row }) => when(row.original.lastIssuedAt) },
    { header: "Last used", accessorKey: "lastUsedAt", cell: ({ row }) => when(row.original.lastUsedAt) },
  ];
  return (
    <Card>
      <CardBody className="space-y-4">
        <div className="grid gap-3 md:grid-cols-4">
          <div>
            <Label htmlFor="id-status">Status</Label>
            <Select id="id-status" value={status} onChange={(e) => setStatus(e.target.value as "" | TStatus)}>
              <option value="">Any</option>
              <option value="active">Active</option>
              <option value="suspended">Suspended</option>
              <option value="revoked">Revoked</option>
            </Select>
          </div>
          <div>
            <Label htmlFor="id-product">Agent product</Label>
            <Input id="id-product" value={productSlug} onChange={(e) => setProductSlug(e.target.value)} placeholder="claude-code" />
          </div>
          <div>
            <Label htmlFor="id-class">Policy class</Label>
            <Input id="id-class" value={policyClass} onChange={(e) => setPolicyClass(e.target.value)} placeholder="default" />
          </div>
          <div>
            <Label htmlFor="id-q">Search</Label>
            <Input id="id-q" value={q} onChange={(e) => setQ(e.target.value)} placeholder="person, device, id" />
          </div>
        </div>
        {list.error ? <p className="text-sm text-red-700">{list.error.message}</p> : null}
        <DataTable columns={columns} data={(list.data?.items ?? []) as TRow[]} empty={list.isLoading ? "Loading…" : "No agent identities match"} testId="identities-table" />
      </CardBody>
    </Card>
  );
}
