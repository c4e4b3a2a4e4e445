"use client";
/**
 * The kill switch: scope picker, impact preview, typed confirmation for tenant-wide scope, the big red button,
 * live progress, and the list of revocations with Restore as a separate explicit action.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { RevocationProgress } from "./revocation-progress";
import { ScopeTargetPicker } from "./scope-target-picker";
import type { TScopeOption } from "./scope-options";

const SCOPES = [
  { value: "identity", label: "One agent identity" },
  { value: "product", label: "One agent product, fleet-wide" },
  { value: "person", label: "All agents of one person" },
  { value: "device", label: "Every agent on one device" },
  { value: "tenant", label: "Every agent in the tenant" },
] as const;
type TScope = (typeof SCOPES)[number]["value"];

export function KillSwitchPanel({ tenantSlug, canRevoke, canRevokeTenant, canRestore, initialScope }: { tenantSlug: string; canRevoke: boolean; canRevokeTenant: boolean; canRestore: boolean; initialScope?: { type: TScope; id?: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [scopeType, setScopeType] = useState<TScope>(initialScope?.type ?? "identity");
  // A deep link (?scope=device&id=…) arrives with an id only; the preview below names it.
  const [target, setTarget] = useState<TScopeOption | null>(initialScope?.id ? { id: initialScope.id, label: initialScope.id } : null);
  const scopeId = target?.id ?? "";
  const [reason, setReason] = useState("");
  const [confirm, setConfirm] = useState("");
  const [watching, setWatching] = useState<string | null>(null);
  const needsId = scopeType !== "tenant";
  const ready = (!needsId || scopeId.trim().length > 0) && (scopeType !== "tenant" || canRevokeTenant);
  const preview = useQuery({ ...trpc.revocations.preview.queryOptions({ tenantSlug, scopeType, scopeId: needsId ? scopeId.trim() : undefined }), enabled: ready, retry: false });
  const list = useQuery({ ...trpc.revocations.list.queryOptions({ tenantSlug }), refetchInterval: 2000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.revocations.pathKey() });

  const revoke = useMutation(
    trpc.revocations.create.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Revoked ${r.identitiesRevoked} identities; ${r.devicesTargeted} devices must prove they stopped`);
        setWatching(r.id);
        setReason("");
        setConfirm("");
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const restore = useMutation(
    trpc.revocations.restore.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Restored: ${r.identitiesRestored} identities re-authorised`);
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  // A deep-linked target arrives as a bare id: show the server's name for it once the preview has it.
  const shownTarget = target && target.label === target.id && preview.data ? { ...target, label: preview.data.scopeLabel } : target;
  const confirmed = scopeType !== "tenant" || confirm === tenantSlug;
  const canPull = canRevoke && ready && confirmed && reason.trim().length >= 3 && !revoke.isPending && preview.data && !preview.data.matchesNothing;

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Pull the kill switch" description="Revokes the identities (and every identity they delegated to), kills their tokens at once, and orders each device to stop the agent and prove it." />
        <CardBody className="space-y-4">
          <div className="grid gap-4 md:grid-cols-2">
            <div>
              <Label htmlFor="ks-scope">Scope</Label>
              <Select id="ks-scope" value={scopeType} onChange={(e) => {
                  setScopeType(e.target.value as TScope);
                  setTarget(null);
                }}
              >
                {SCOPES.map((s) => (
                  <option key={s.value} value={s.value} disabled={s.value === "tenant" && !canRevokeTenant}>
                    {s.label}
                  </option>
                ))}
              </Select>
            </div>
            {scopeType !== "tenant" ? <ScopeTargetPicker key={scopeType} tenantSlug={tenantSlug} scopeType={scopeType} value={shownTarget} onChange={setTarget} /> : null}
          </div>
          <div>
            <Label htmlFor="ks-reason">Reason (recorded, shown to auditors)</Label>
            <Input id="ks-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. person left the company; leaked token; incident 4711" maxLength={500} />
          </div>
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="impact-preview">
            {!ready ? (
              "Pick a scope to see its impact."
            ) : preview.isLoading ? (
              "Computing impact…"
            ) : preview.error ? (
              <span className="text-red-700">{preview.error.message}</span>
            ) : preview.data ? (
              preview.data.matchesNothing ? (
                <span className="text-amber-700">Nothing to revoke in {preview.data.scopeLabel}: no active identities and no enrolled devices.</span>
              ) : (
                <span>
                  <strong>{preview.data.scopeLabel}</strong>: {preview.data.identities} identities ({preview.data.delegatedChildren} delegated), {preview.data.devices} devices, {preview.data.people} people.
                </span>
              )
            ) : null}
          </div>
          {scopeType === "tenant" ? (
            <div>
              <Label htmlFor="ks-confirm">
                Type <code className="font-mono">{tenantSlug}</code> to confirm revoking every agent in the tenant
              </Label>
              <Input id="ks-confirm" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
            </div>
          ) : null}
          <button
            type="button"
            disabled={!canPull}
            onClick={() => revoke.mutate({ tenantSlug, scopeType, scopeId: needsId ? scopeId.trim() : undefined, reason: reason.trim(), confirm: scopeType === "tenant" ? confirm : undefined })}
            className="h-16 w-full rounded-xl bg-red-600 text-xl font-bold uppercase tracking-wide text-white shadow-lg transition hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-40"
            data-testid="kill-switch-button"
          >
            {revoke.isPending ? "Revoking…" : "Revoke and stop"}
          </button>
          {!canRevoke ? <p className="text-sm text-slate-500">Your role can watch revocations but not pull the switch.</p> : null}
        </CardBody>
      </Card>

      {watching ? <RevocationProgress tenantSlug={tenantSlug} revocationId={watching} /> : null}

      <Card>
        <CardHeader title="Revocations" description="Newest first. Restore is a separate, explicit action." />
        <CardBody>
          {list.data && list.data.length === 0 ? <p className="text-sm text-slate-500">No revocations yet.</p> : null}
          <ul className="divide-y divide-slate-100">
            {list.data?.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
                <button type="button" className="text-left" onClick={() => setWatching(r.id)}>
                  <span className="font-medium">{r.scopeLabel}</span> — {r.reason}{" "}
                  <span className="text-slate-500">
                    ({r.trigger}, {new Date(r.createdAt).toLocaleString()})
                  </span>
                </button>
                <span className="flex items-center gap-2">
                  <Badge tone={r.progress.failed > 0 ? "bad" : r.progress.stopped === r.progress.total ? "good" : "warn"}>
                    {r.progress.stopped}/{r.progress.total} stopped
                  </Badge>
                  <Badge tone={r.status === "active" ? "bad" : "neutral"}>{r.status}</Badge>
                  {canRestore && r.status === "active" ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => {
                        const why = window.prompt(`Restore "${r.scopeLabel}"? The identities get credentials again. Why?`);
                        if (why) restore.mutate({ tenantSlug, id: r.id, reason: why });
                      }}
                    >
                      Restore…
                    </Button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </CardBody>
      </Card>
    </div>
  );
}
