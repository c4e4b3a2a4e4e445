"use client";
/** Live progress of one revocation: "N of M devices proven stopped", device by device, with proof or why it failed. */
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

const TONE = { pending: "neutral", delivered: "info", stopped: "good", failed: "bad" } as const;

export function RevocationProgress({ tenantSlug, revocationId }: { tenantSlug: string; revocationId: string }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.revocations.get.queryOptions({ tenantSlug, id: revocationId }),
    refetchInterval: (query) => {
      const p = query.state.data?.progress;
      return p && p.pending + p.delivered === 0 ? false : 500;
    },
  });
  const r = q.data;
  if (!r) return <p className="text-sm text-slate-500">Loading revocation…</p>;
  const { total, stopped, failed } = r.progress;
  const pct = total === 0 ? 100 : Math.round((stopped / total) * 100);
  const failPct = total === 0 ? 0 : Math.round((failed / total) * 100);
  return (
    <Card data-testid="revocation-progress">
      <CardHeader
        title={`${r.scopeLabel}: ${r.reason}`}
        description={`${r.trigger} · by ${r.actorLabel} · ${new Date(r.createdAt).toLocaleString()}${r.status === "restored" ? ` · restored ${new Date(r.restoredAt!).toLocaleString()}` : ""}`}
      />
      <CardBody>
        <p className="mb-2 text-lg font-semibold" data-testid="proven-stopped">
          {stopped} of {total} devices proven stopped{failed > 0 ? `, ${failed} failed` : ""}
        </p>
        <div className="mb-4 flex h-3 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-full bg-emerald-500 transition-all" style={{ width: `${pct}%` }} />
          <div className="h-full bg-red-500 transition-all" style={{ width: `${failPct}%` }} />
        </div>
        <p className="mb-3 text-sm text-slate-500">
          {r.identities.length} identities revoked{r.identities.some((i) => i.depth > 0) ? ` (${r.identities.filter((i) => i.depth > 0).length} through delegation)` : ""}.
        </p>
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1">Device</th>
              <th>Status</th>
              <th>Delivered</th>
              <th>Done</th>
              <th>Proof / why</th>
            </tr>
          </thead>
          <tbody>
            {r.targets.map((t) => {
              const proof = t.proof as { runningBefore?: number[]; terminated?: number[]; runningAfter?: number[]; credentialsDropped?: number } | null;
              return (
                <tr key={t.deviceId} className="border-t border-slate-100 align-top">
                  <td className="py-1 font-mono text-xs">{t.hostname ?? t.deviceId}</td>
                  <td>
                    <Badge tone={TONE[t.status as keyof typeof TONE] ?? "neutral"}>{t.status}</Badge>
                  </td>
                  <td className="text-xs">{t.deliveredAt ? new Date(t.deliveredAt).toLocaleTimeString() : "—"}</td>
                  <td className="text-xs">{t.completedAt ? new Date(t.completedAt).toLocaleTimeString() : "—"}</td>
                  <td className="text-xs">
                    {t.status === "failed"
                      ? t.failReason
                      : proof
                        ? `running before: ${proof.runningBefore?.length ?? 0}, terminated: ${proof.terminated?.length ?? 0}, running after: ${proof.runningAfter?.length ?? 0}${proof.credentialsDropped !== undefined ? `, credentials dropped: ${proof.credentialsDropped}` : ""}`
                        : "waiting for the device"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </CardBody>
    </Card>
  );
}
