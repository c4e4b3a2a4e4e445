"use client";
/** Enrollment tokens: create (the one-line command is shown once), list, revoke. */
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

type TTokenRow = { id: string; name: string; prefix: string; ring: string; uses: number; maxUses: number; expiresAt: Date; status: "active" | "revoked" | "expired" | "exhausted" };
const STATUS_TONE = { active: "good", revoked: "bad", expired: "warn", exhausted: "neutral" } as const;

export function EnrollmentTokensPanel({ tenantSlug, canManage }: { tenantSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.devices.enrollmentTokens.list.queryOptions({ tenantSlug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.devices.enrollmentTokens.list.pathKey() });
  const [command, setCommand] = useState<string | null>(null);
  // Optional owner: devices enrolled with the token belong to this person (their agents act for them).
  const [ownerText, setOwnerText] = useState("");
  const [ownerSearch, setOwnerSearch] = useState("");
  const [owner, setOwner] = useState<{ id: string; label: string } | null>(null);
  const people = useQuery(trpc.directory.people.queryOptions({ tenantSlug, search: ownerSearch || undefined, status: "active", offset: 0, limit: 20 }));
  const ownerLabel = (p: { userName: string; name: string | null }) => (p.name ? `${p.name} <${p.userName}>` : p.userName);
  const onOwnerText = (text: string) => {
    setOwnerText(text);
    const picked = people.data?.people.find((p) => ownerLabel(p) === text || p.userName === text);
    if (picked) setOwner({ id: picked.id, label: text });
    else {
      setOwner(null);
      setOwnerSearch(text);
    }
  };
  const ownerId = owner?.id;
  const ownerQuery = ownerText;
  const create = useMutation(
    trpc.devices.enrollmentTokens.create.mutationOptions({
      onSuccess: (res) => {
        setCommand(res.command);
        toast.success(`Enrollment token "${res.name}" created`);
        refresh();
      },
      onError: (err) => toast.error(err.message),
    }),
  );
  const revoke = useMutation(
    trpc.devices.enrollmentTokens.revoke.mutationOptions({
      onSuccess: () => {
        toast.success("Token revoked");
        refresh();
      },
      onError: (err) => toast.error(err.message),
    }),
  );

  const columns: ColumnDef<TTokenRow, unknown>[] = [
    { header: "Name", accessorKey: "name" },
    { header: "Token", accessorKey: "prefix", cell: ({ getValue }) => <code className="text-xs">{getValue() as string}…</code> },
    { header: "Ring", accessorKey: "ring" },
    { header: "Uses", id: "uses", cell: ({ row }) => `${row.original.uses} / ${row.original.maxUses}` },
    { header: "Expires", accessorKey: "expiresAt", cell: ({ getValue }) => new Date(getValue() as Date).toLocaleString() },
    { header: "Status", accessorKey: "status", cell: ({ row }) => <Badge tone={STATUS_TONE[row.original.status]}>{row.original.status}</Badge> },
    {
      id: "actions",
      header: "",
      cell: ({ row }) =>
        canManage && row.original.status === "active" ? (
          <Button variant="ghost" size="sm" aria-label={`Revoke ${row.original.name}`} onClick={() => confirm(`Revoke "${row.original.name}"? Devices it enrolled stay enrolled.`) && revoke.mutate({ tenantSlug, id: row.original.id })}>
            Revoke
          </Button>
        ) : null,
    },
  ];

  return (
    <Card>
      <CardHeader title="Enroll devices" description="Create a token, then run the one-line command on the device (or push it with Intune, Jamf or Ansible). Needs Node.js 20+ on the device." />
      <CardBody className="space-y-4">
        {canManage ? (
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              create.mutate({
                tenantSlug,
                name: String(f.get("name")),
                maxUses: Number(f.get("maxUses")),
                expiresInHours: Number(f.get("expiresInHours")),
                ring: f.get("ring") as "dev" | "staging" | "prod",
                ownerPersonId: ownerId ?? null,
              });
            }}
          >
            <div className="min-w-48 flex-1">
              <Label htmlFor="token-name">Name</Label>
              <Input id="token-name" name="name" required maxLength={100} placeholder="Engineering laptops" />
            </div>
            <div>
              <Label htmlFor="token-max-uses">Max uses</Label>
              <Input id="token-max-uses" name="maxUses" type="number" min={1} max={100000} defaultValue={50} className="w-28" />
            </div>
            <div>
              <Label htmlFor="token-expiry">Expires in (hours)</Label>
              <Input id="token-expiry" name="expiresInHours" type="number" min={1} max={2160} defaultValue={72} className="w-28" />
            </div>
            <div>
              <Label htmlFor="token-ring">Ring</Label>
              <Select id="token-ring" name="ring" defaultValue="prod">
                <option value="dev">dev</option>
                <option value="staging">staging</option>
                <option value="prod">prod</option>
              </Select>
            </div>
            <div className="min-w-56">
              <Label htmlFor="token-owner">Owner (optional)</Label>
              <Input id="token-owner" list="token-owner-options" value={ownerQuery} onChange={(e) => onOwnerText(e.target.value)} placeholder="Search people" />
              <datalist id="token-owner-options">
                {(people.data?.people ?? []).map((p) => (
                  <option key={p.id} value={ownerLabel(p)} />
                ))}
              </datalist>
            </div>
            <Button type="submit" disabled={create.isPending || (ownerQuery !== "" && !ownerId)} title={ownerQuery !== "" && !ownerId ? "Pick an owner from the list, or clear the field" : undefined}>
              Create token
            </Button>
          </form>
        ) : null}
        {command ? (
          <ShownOnce title="Run this on the device (shown once)" value={command} testId="enroll-command" tone="good" className="mt-0" />
        ) : null}
        <DataTable columns={columns} data={(tokens.data ?? []) as TTokenRow[]} empty="No enrollment tokens yet" testId="enrollment-tokens" />
      </CardBody>
    </Card>
  );
}
