"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { AttestationBadge, VerdictBadge } from "./status-badges";

export function ProductDetail({ tenantSlug, productSlug, canManage }: { tenantSlug: string; productSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const product = useQuery(trpc.registry.product.queryOptions({ tenantSlug, productSlug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.registry.pathKey() });
  const [range, setRange] = useState<string | null>(null);
  const [hashes, setHashes] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const setVerdict = useMutation(trpc.registry.setVerdict.mutationOptions({ onSuccess: () => { toast.success("Pins saved"); setError(null); refresh(); }, onError: (e) => setError(e.message) }));
  const [exception, setException] = useState({ subjectType: "device" as "device" | "person" | "group", subjectId: "", verdict: "sanctioned" as "sanctioned" | "tolerated" | "blocked", reason: "", days: "30" });
  const createException = useMutation(trpc.registry.createException.mutationOptions({ onSuccess: () => { toast.success("Exception created"); refresh(); }, onError: (e) => toast.error(e.message) }));
  const revokeException = useMutation(trpc.registry.revokeException.mutationOptions({ onSuccess: () => refresh() }));

  const p = product.data;
  if (!p) return <p className="text-sm text-slate-500">{product.error ? product.error.message : "Loading…"}</p>;
  const entry = p.entry;
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={p.displayName} description={`${p.vendor ?? "Unknown vendor"} · ${p.devices} device(s) · ${p.installations} install(s)`} actions={<VerdictBadge verdict={p.verdict} />} />
        <CardBody className="space-y-3">
          {entry && canManage ? (
            <form
              className="grid gap-3 sm:grid-cols-3"
              onSubmit={(e) => {
                e.preventDefault();
                setVerdict.mutate({
                  tenantSlug,
                  productSlug,
                  verdict: entry.verdict,
                  toleratedUntil: entry.toleratedUntil,
                  trustedSources: entry.trustedSources,
                  updatePolicy: entry.updatePolicy,
                  outOfPinAction: entry.outOfPinAction,
                  versionRange: (range ?? entry.versionRange ?? "").trim() || null,
                  sha256: (hashes ?? entry.sha256.join("\n")).split(/\s+/).filter(Boolean),
                });
              }}
            >
              <label className="text-sm">
                Allowed versions (semver range)
                <Input value={range ?? entry.versionRange ?? ""} placeholder="any" onChange={(e) => setRange(e.target.value)} />
              </label>
              <label className="text-sm sm:col-span-2">
                Pinned sha256 digests (one per line)
                <textarea className="h-16 w-full rounded border border-slate-300 p-1 font-mono text-xs" value={hashes ?? entry.sha256.join("\n")} onChange={(e) => setHashes(e.target.value)} />
              </label>
              {error ? <p className="text-sm text-red-700 sm:col-span-3" role="alert">{error}</p> : null}
              <Button type="submit" disabled={setVerdict.isPending}>Save pins</Button>
            </form>
          ) : entry ? (
            <p className="text-sm">Versions: {entry.versionRange ?? "any"} · pinned hashes: {entry.sha256.length}</p>
          ) : (
            <p className="text-sm text-slate-500">No verdict yet: choose one on the registry page.</p>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Version spread" description="Installs per version across the estate." />
        <CardBody>
          <div className="h-56" data-testid="version-spread">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={p.versionSpread}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="version" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="count" fill="#4f46e5" />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Where it runs" description={p.installationsTruncated ? "The 500 most recently seen installs." : undefined} />
        <CardBody className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="py-1 pr-3">Device</th><th className="py-1 pr-3">Version</th><th className="py-1 pr-3">Path</th><th className="py-1 pr-3">Running</th><th className="py-1 pr-3">Pins</th><th className="py-1 pr-3">Attestation</th>
              </tr>
            </thead>
            <tbody>
              {p.installationList.map((i) => (
                <tr key={i.id} className="border-t border-slate-100">
                  <td className="py-1 pr-3">{i.hostname}</td>
                  <td className="py-1 pr-3">{i.version ?? "unknown"}</td>
                  <td className="py-1 pr-3 font-mono text-xs">{i.installPath}</td>
                  <td className="py-1 pr-3">{i.running ? "yes" : "no"}</td>
                  <td className="py-1 pr-3">{i.outsidePins ?? "ok"}</td>
                  <td className="py-1 pr-3">{i.attestation ? <AttestationBadge status={i.attestation.status} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Exceptions" description="A different verdict for one person, group or device, until it expires." />
        <CardBody className="space-y-3">
          <ul className="text-sm">
            {p.exceptions.map((x) => (
              <li key={x.id} className="flex items-center gap-2 py-1">
                <VerdictBadge verdict={x.verdict} /> {x.subjectType} {x.subjectLabel} — {x.reason} · until {new Date(x.expiresAt).toLocaleDateString()} · {x.state}
                {canManage && x.state === "active" ? (
                  <Button size="sm" variant="ghost" onClick={() => revokeException.mutate({ tenantSlug, id: x.id })}>End now</Button>
                ) : null}
              </li>
            ))}
          </ul>
          {canManage ? (
            <form
              className="grid gap-2 sm:grid-cols-6"
              onSubmit={(e) => {
                e.preventDefault();
                createException.mutate({ tenantSlug, productSlug, subjectType: exception.subjectType, subjectId: exception.subjectId, verdict: exception.verdict, reason: exception.reason, expiresAt: new Date(Date.now() + Number(exception.days) * 86_400_000) });
              }}
            >
              <Select aria-label="Subject type" value={exception.subjectType} onChange={(e) => setException({ ...exception, subjectType: e.target.value as "device" })}>
                <option value="device">device</option><option value="person">person</option><option value="group">group</option>
              </Select>
              <Input aria-label="Subject id" placeholder="id" value={exception.subjectId} onChange={(e) => setException({ ...exception, subjectId: e.target.value })} />
              <Select aria-label="Exception verdict" value={exception.verdict} onChange={(e) => setException({ ...exception, verdict: e.target.value as "sanctioned" })}>
                <option value="sanctioned">sanctioned</option><option value="tolerated">tolerated</option><option value="blocked">blocked</option>
              </Select>
              <Input aria-label="Reason" placeholder="reason" value={exception.reason} onChange={(e) => setException({ ...exception, reason: e.target.value })} />
              <Input aria-label="Days" type="number" min={1} max={366} value={exception.days} onChange={(e) => setException({ ...exception, days: e.target.value })} />
              <Button type="submit" disabled={createException.isPending}>Add exception</Button>
            </form>
          ) : null}
        </CardBody>
      </Card>
    </div>
  );
}
