"use client";
/**
 * Provider secrets: the keys the device gateways inject upstream so agents never hold them. Everyone in the
 * tenant sees the metadata (name, provider, header, hint, version, last fetch); only admins store, rotate or
 * revoke. No value ever reaches the browser after it was typed.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import type { TTenantSecretMeta } from "@/server/modules/secrets/secret-schemas";
import { CreateSecretForm } from "./create-secret-form";
import { RotateSecretForm } from "./rotate-secret-form";
import { SECRET_PROVIDER_LABELS } from "./secret-provider-labels";

const when = (d: Date | null) => (d ? new Date(d).toLocaleString() : "never");

export function SecretsPanel({ tenantSlug, canManage }: { tenantSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secrets = useQuery(trpc.secrets.list.queryOptions({ tenantSlug }));
  const [rotating, setRotating] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.secrets.pathKey() });
  const revoke = useMutation(
    trpc.secrets.revoke.mutationOptions({
      onSuccess: (meta) => {
        toast.success(`"${meta.name}" revoked: gateways get no more copies`);
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  const columns: ColumnDef<TTenantSecretMeta, unknown>[] = [
    { header: "Name", accessorKey: "name", cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
    { header: "Provider", accessorKey: "provider", cell: ({ row }) => SECRET_PROVIDER_LABELS[row.original.provider] },
    { header: "Header", accessorKey: "headerName", cell: ({ row }) => <code className="text-xs">{row.original.headerName}</code> },
    { header: "Value", accessorKey: "hint", cell: ({ row }) => <code className="text-xs text-slate-500">{row.original.hint}</code> },
    { header: "Version", accessorKey: "version", cell: ({ row }) => <span className="tabular-nums">v{row.original.version}</span> },
    { header: "Created", accessorKey: "createdAt", cell: ({ row }) => when(row.original.createdAt) },
    { header: "Rotated", accessorKey: "rotatedAt", cell: ({ row }) => when(row.original.rotatedAt) },
    { header: "Last fetched by a device", accessorKey: "lastFetchedAt", cell: ({ row }) => when(row.original.lastFetchedAt) },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => {
        const s = row.original;
        if (s.status === "revoked") return <Badge tone="bad">revoked {s.revokedAt ? new Date(s.revokedAt).toLocaleDateString() : ""}</Badge>;
        if (!canManage) return <Badge tone="good">active</Badge>;
        if (rotating === s.id) return <RotateSecretForm tenantSlug={tenantSlug} secret={s} onDone={(rotated) => { setRotating(null); if (rotated) refresh(); }} />;
        return (
          <div className="flex items-center gap-2">
            <Badge tone="good">active</Badge>
            <Button size="sm" variant="secondary" aria-label={`Rotate ${s.name}`} onClick={() => setRotating(s.id)}>
              Rotate
            </Button>
            <Button
              size="sm"
              variant="danger"
              aria-label={`Revoke ${s.name}`}
              disabled={revoke.isPending}
              onClick={() => window.confirm(`Revoke "${s.name}"? Device gateways stop injecting it at once; agents using it will fail until a new key is stored.`) && revoke.mutate({ tenantSlug, id: s.id })}
            >
              Revoke
            </Button>
          </div>
        );
      },
    },
  ];

  return (
    <div className="space-y-6">
      {canManage ? (
        <Card>
          <CardHeader
            title="Store a provider secret"
            description="Encrypted at rest (envelope encryption). One active key per model provider: rotate it to change the value. The value is never shown again."
          />
          <CardBody>
            <CreateSecretForm tenantSlug={tenantSlug} onCreated={refresh} />
          </CardBody>
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Secrets" description={canManage ? undefined : "Read-only: an admin stores, rotates and revokes secrets."} />
        <DataTable
          columns={columns}
          data={secrets.data ?? []}
          empty={secrets.isLoading ? "Loading…" : secrets.error ? `Could not load secrets: ${secrets.error.message}` : "No secrets yet"}
          testId="secrets-table"
        />
      </Card>
    </div>
  );
}
