import { RolloutStatusBadge } from "./rollout-status-badge";
import { StageProgressBar } from "./stage-progress-bar";
import type { TRolloutView } from "./rollout-view";

const fmt = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : "—");

/** The stages in order, each with its status, waves, soak, approvals, progress and why it failed. */
export function StageTimeline({ rollout }: { rollout: TRolloutView }) {
  return (
    <ol className="space-y-4">
      {rollout.stages.map((s) => (
        <li key={s.index} className={`rounded-md border p-4 ${s.index === rollout.currentStage && rollout.status === "active" ? "border-brand-400" : "border-slate-200"}`}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div className="flex items-center gap-2">
              <span className="font-semibold uppercase">{s.ring}</span>
              <RolloutStatusBadge status={s.status} />
              {s.approvalRole ? <span className="text-xs text-slate-500">approval: {s.approvalRole}{s.twoPerson ? " (two-person)" : ""} {s.approved ? "✓" : ""}</span> : null}
            </div>
            <span className="text-xs text-slate-500">
              waves {s.waves.join("% → ")}% ({s.wavesDone}/{s.waves.length} out) · soak {s.soakMinutes} min{s.soakEndsAt ? ` until ${fmt(s.soakEndsAt)}` : ""}
            </span>
          </div>
          <div className="mt-3">
            <StageProgressBar progress={s.progress} />
          </div>
          <p className="mt-2 text-xs text-slate-500">
            started {fmt(s.startedAt)} · passed {fmt(s.passedAt)} · gates: failures ≤ {s.gates.maxAttestationFailurePct}%, start failures ≤ {s.gates.maxStartFailures}, error events ≤ {s.gates.maxErrorEvents}, kill switches ≤ {s.gates.maxKillSwitches}, attested ≥ {s.gates.minAttestedPct}%
          </p>
          {s.approvals.length > 0 ? <p className="mt-1 text-xs text-slate-600">Approved by {s.approvals.map((a) => `${a.by} (${a.role})${a.comment ? `: “${a.comment}”` : ""}`).join("; ")}</p> : null}
          {s.failReason ? <p className="mt-2 text-sm text-red-700">{s.failReason}</p> : null}
        </li>
      ))}
    </ol>
  );
}
