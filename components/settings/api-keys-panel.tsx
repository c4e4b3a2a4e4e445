"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ShownOnce } from "@/components/ui/shown-once";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

type TKeyRow = { id: string; name: string; prefix: string; scope: "read" | "admin"; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

export function ApiKeysPanel({ tenantSlug, canManage }: { tenantSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ tenantSlug }));
  const [created, setCreated] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: (res) => { setCreated(res.key); refresh(); } }));
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => { toast.success("API key revoked"); refresh(); } }));

  const columns: ColumnDef<TKeyRow, unknown>[] = [
    { header: "Name", accessorKey: "name" },
    { header: "Key", accessorKey: "prefix", cell: ({ getValue }) => <code>{getValue() as string}…</code> },
    { header: "Scope", accessorKey: "scope", cell: ({ getValue }) => <Badge tone={getValue() === "admin" ? "warn" : "neutral"}>{getValue() as string}</Badge> },
    { header: "Created", accessorKey: "createdAt", cell: ({ getValue }) => new Date(getValue() as Date).toLocaleString() },
    { header: "Last used", accessorKey: "lastUsedAt", cell: ({ getValue }) => (getValue() ? new Date(getValue() as Date).toLocaleString() : "never") },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) =>
        row.original.revokedAt ? (
          <Badge tone="bad">revoked</Badge>
        ) : !canManage ? (
          <Badge tone="good">active</Badge>
        ) : (
          <Button variant="ghost" size="sm" aria-label={`Revoke ${row.original.name}`} onClick={() => revoke.mutate({ tenantSlug, id: row.original.id })}>
            Revoke
          </Button>
        ),
    },
  ];

  return (
    <div className="space-y-6">
      {canManage ? (
      <Card>
        <CardHeader title="Create an API key" description="The key is shown once. Read keys can only read; admin keys can change things." />
        <CardBody>
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              create.mutate({ tenantSlug, name: String(form.get("name")), scope: form.get("scope") as "read" | "admin" });
            }}
          >
            <div className="min-w-64 flex-1">
              <Label htmlFor="key-name">Name</Label>
              <Input id="key-name" name="name" required placeholder="SOAR playbook" />
            </div>
            <div>
              <Label htmlFor="key-scope">Scope</Label>
              <Select id="key-scope" name="scope" defaultValue="read">
                <option value="read">read</option>
                <option value="admin">admin</option>
              </Select>
            </div>
            <Button type="submit" disabled={create.isPending}>
              Create key
            </Button>
          </form>
          {created ? <ShownOnce title="Copy this key now: it will not be shown again." value={created} testId="new-api-key" /> : null}
        </CardBody>
      </Card>
      ) : null}
      <Card>
        <CardHeader title="API keys" />
        <DataTable columns={columns} data={(keys.data ?? []) as TKeyRow[]} empty={keys.isLoading ? "Loading…" : "No API keys yet"} testId="api-keys-table" />
      </Card>
    </div>
  );
}
