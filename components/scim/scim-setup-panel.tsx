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

type TTokenRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** SCIM base URL and bearer tokens: create (shown once), list with last use, revoke. */
export function ScimSetupPanel({ tenantSlug, baseUrl, canManage }: { tenantSlug: string; baseUrl: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.scimTokens.list.queryOptions({ tenantSlug }));
  const [created, setCreated] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.scimTokens.pathKey() });
  const create = useMutation(
    trpc.scimTokens.create.mutationOptions({
      onSuccess: (res) => {
        setCreated(res.token);
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const revoke = useMutation(
    trpc.scimTokens.revoke.mutationOptions({
      onSuccess: () => {
        toast.success("SCIM token revoked");
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  const columns: ColumnDef<TTokenRow, unknown>[] = [
    { header: "Name", accessorKey: "name" },
    { header: "Token", accessorKey: "prefix", cell: ({ getValue }) => <code>{getValue() as string}…</code> },
    { header: "Created", accessorKey: "createdAt", cell: ({ getValue }) => new Date(getValue() as Date).toLocaleString() },
    { header: "Last used", accessorKey: "lastUsedAt", cell: ({ getValue }) => (getValue() ? new Date(getValue() as Date).toLocaleString() : "never") },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) =>
        row.original.revokedAt ? (
          <Badge tone="bad">revoked</Badge>
        ) : canManage ? (
          <Button variant="ghost" size="sm" aria-label={`Revoke ${row.original.name}`} onClick={() => revoke.mutate({ tenantSlug, id: row.original.id })}>
            Revoke
          </Button>
        ) : (
          <Badge tone="good">active</Badge>
        ),
    },
  ];

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="SCIM base URL" description="Give this URL to Okta or Entra ID; every request must carry one of the tokens below." />
        <CardBody className="flex flex-wrap items-center gap-3">
          <code data-testid="scim-base-url" className="rounded bg-slate-100 px-2 py-1 text-sm break-all">
            {baseUrl}
          </code>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => navigator.clipboard?.writeText(baseUrl).then(() => toast.success("Copied"), () => toast.error("Copy failed"))}
          >
            Copy
          </Button>
        </CardBody>
      </Card>
      {canManage ? (
        <Card>
          <CardHeader title="Create a SCIM token" description="The token is shown once. Use one token per identity provider so each can be revoked on its own." />
          <CardBody>
            <form
              className="flex flex-wrap items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                create.mutate({ tenantSlug, name: String(new FormData(e.currentTarget).get("name")) });
              }}
            >
              <div className="min-w-64 flex-1">
                <Label htmlFor="scim-token-name">Name</Label>
                <Input id="scim-token-name" name="name" required maxLength={80} placeholder="Okta production" />
              </div>
              <Button type="submit" disabled={create.isPending}>
                Create token
              </Button>
            </form>
            {created ? <ShownOnce title="Copy this token now: it will not be shown again." value={created} testId="new-scim-token" /> : null}
          </CardBody>
        </Card>
      ) : null}
      <Card>
        <CardHeader title="SCIM tokens" />
        <DataTable columns={columns} data={(tokens.data ?? []) as TTokenRow[]} empty={tokens.isLoading ? "Loading…" : "No SCIM tokens yet"} testId="scim-tokens-table" />
      </Card>
    </div>
  );
}
