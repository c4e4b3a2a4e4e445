"use client";
/** Rollout detail: status and actions, stage timeline with per-stage progress, gate metrics (Recharts), revision diff, failing devices. */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/select";
import { GateMetricsChart } from "./gate-metrics-chart";
import { RevisionDiff } from "./revision-diff";
import { RolloutActions } from "./rollout-actions";
import { RolloutStatusBadge } from "./rollout-status-badge";
import { StageTimeline } from "./stage-timeline";

export function RolloutDetail({ tenantSlug, rolloutId, can }: { tenantSlug: string; rolloutId: string; can: { approve: boolean; promote: boolean; halt: boolean; rollback: boolean } }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.rollouts.get.queryOptions({ tenantSlug, id: rolloutId }), refetchInterval: 3000 });
  const [chartStage, setChartStage] = useState<number | null>(null);
  if (query.isLoading) return <p className="text-sm text-slate-500">Loading…</p>;
  if (query.error || !query.data) return <p className="text-sm text-red-700">{query.error?.message ?? "Rollout not found"}</p>;
  const r = query.data;
  const stageForChart = chartStage ?? Math.min(r.currentStage, r.stages.length - 1);
  return (
    <div className="space-y-6">
      <Card>
        <CardBody className="flex flex-wrap items-center justify-between gap-4">
          <div>
            <div className="flex items-center gap-2">
              <RolloutStatusBadge status={r.status} />
              <span className="text-sm text-slate-600">
                proposed by {r.createdBy.label} · {new Date(r.createdAt).toLocaleString()} · promotion {r.plan.promotion} · auto-rollback {r.plan.autoRollback ? "on" : "off"}
                {r.plan.twoPersonRule ? " · two-person rule" : ""}
              </span>
            </div>
            {r.haltReason ? <p className="mt-2 text-sm text-amber-800">Halted: {r.haltReason}</p> : null}
            {r.rollbackReason ? <p className="mt-1 text-sm text-red-700">Rolled back: {r.rollbackReason}</p> : null}
          </div>
          <RolloutActions tenantSlug={tenantSlug} rollout={r} can={can} />
        </CardBody>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Stages" description="dev → staging → prod; each waits for its soak, its gates and its approval" />
          <CardBody>
            <StageTimeline rollout={r} />
          </CardBody>
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader
              title="Gate metrics"
              actions={
                <Select value={stageForChart} onChange={(e) => setChartStage(Number(e.target.value))} aria-label="stage">
                  {r.stages.map((s) => (
                    <option key={s.index} value={s.index}>
                      {s.ring}
                    </option>
                  ))}
                </Select>
              }
            />
            <CardBody>
              <GateMetricsChart samples={r.samples.filter((s) => s.stageIndex === stageForChart)} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Revision diff" description="What the rings that get this rollout receive, against what the others keep" />
            <CardBody>
              {r.changes.map((c) => (
                <RevisionDiff key={c.id} change={c} />
              ))}
            </CardBody>
          </Card>
          {r.failures.length > 0 ? (
            <Card>
              <CardHeader title="Failing devices" />
              <CardBody>
                <ul className="space-y-1 text-sm">
                  {r.failures.map((f) => (
                    <li key={f.deviceId}>
                      <span className="font-medium">{f.hostname ?? f.deviceId}</span> <span className="text-slate-500">({f.ring})</span>: {f.reason}
                    </li>
                  ))}
                </ul>
              </CardBody>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
