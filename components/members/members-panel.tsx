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

const ROLES = ["owner", "admin", "operator", "auditor"] as const;
type TRole = (typeof ROLES)[number];
type TMemberRow = { id: string; role: TRole; email: string; name: string | null; createdAt: Date };

export function MembersPanel({ tenantSlug, canManage, isOwner }: { tenantSlug: string; canManage: boolean; isOwner: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions({ tenantSlug }));
  const invites = useQuery(trpc.members.invites.queryOptions({ tenantSlug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.pathKey() });
  const [inviteLink, setInviteLink] = useState<string | null>(null);

  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: (res) => {
        setInviteLink(res.link);
        toast.success(`Invite created for ${res.email}`);
        refresh();
      },
    }),
  );
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSuccess: () => { toast.success("Role changed"); refresh(); } }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: () => { toast.success("Member removed"); refresh(); } }));
  const revokeInvite = useMutation(trpc.members.revokeInvite.mutationOptions({ onSuccess: () => refresh() }));

  const assignable = isOwner ? ROLES : ROLES.filter((r) => r !== "owner");
  const columns: ColumnDef<TMemberRow, unknown>[] = [
    { header: "Email", accessorKey: "email" },
    { header: "Name", accessorKey: "name", cell: ({ getValue }) => (getValue() as string | null) ?? "—" },
    {
      header: "Role",
      accessorKey: "role",
      cell: ({ row }) =>
        canManage && (isOwner || row.original.role !== "owner") ? (
          <Select
            aria-label={`Role of ${row.original.email}`}
            value={row.original.role}
            onChange={(e) => changeRole.mutate({ tenantSlug, memberId: row.original.id, role: e.target.value as TRole })}
          >
            {assignable.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        ) : (
          <Badge tone={row.original.role === "owner" ? "info" : "neutral"}>{row.original.role}</Badge>
        ),
    },
    { header: "Joined", accessorKey: "createdAt", cell: ({ getValue }) => new Date(getValue() as Date).toLocaleDateString() },
    {
      id: "actions",
      header: "",
      cell: ({ row }) =>
        canManage ? (
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Remove ${row.original.email}`}
            onClick={() => {
              if (confirm(`Remove ${row.original.email} from this tenant?`)) remove.mutate({ tenantSlug, memberId: row.original.id });
            }}
          >
            Remove
          </Button>
        ) : null,
    },
  ];

  return (
    <div className="space-y-6">
      {canManage ? (
        <Card>
          <CardHeader title="Invite a member" description="No email is sent: copy the link and pass it on. It works once and expires in 7 days." />
          <CardBody>
            <form
              className="flex flex-wrap items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                const form = new FormData(e.currentTarget);
                invite.mutate({ tenantSlug, email: String(form.get("email")), role: form.get("role") as TRole });
              }}
            >
              <div className="min-w-64 flex-1">
                <Label htmlFor="invite-email">Email</Label>
                <Input id="invite-email" name="email" type="email" required />
              </div>
              <div>
                <Label htmlFor="invite-role">Role</Label>
                <Select id="invite-role" name="role" defaultValue="operator">
                  {assignable.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </Select>
              </div>
              <Button type="submit" disabled={invite.isPending}>
                Create invite link
              </Button>
            </form>
            {inviteLink ? <ShownOnce title="Invite link (shown once)" value={inviteLink} testId="invite-link" tone="good" /> : null}
          </CardBody>
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Members" />
        <DataTable columns={columns} data={(members.data ?? []) as TMemberRow[]} empty={members.isLoading ? "Loading…" : "No members"} testId="members-table" />
      </Card>
      {invites.data && invites.data.length > 0 ? (
        <Card>
          <CardHeader title="Pending invites" />
          <CardBody className="space-y-2" data-testid="pending-invites">
            {invites.data.map((i) => (
              <div key={i.id} className="flex items-center justify-between text-sm">
                <span>
                  {i.email} <Badge>{i.role}</Badge> <span className="text-slate-500">expires {new Date(i.expiresAt).toLocaleDateString()}</span>
                </span>
                {canManage ? (
                  <Button variant="ghost" size="sm" onClick={() => revokeInvite.mutate({ tenantSlug, id: i.id })}>
                    Revoke
                  </Button>
                ) : null}
              </div>
            ))}
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
