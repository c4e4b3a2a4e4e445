"use client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

export type TExplorerEvent = {
  id: string;
  time: string;
  type: string;
  severity: string;
  outcome: string;
  key: string;
  receivedAt: string;
  actor: Record<string, string | undefined>;
  onBehalfOf: Record<string, string | undefined>;
  device: Record<string, string | undefined>;
  intent?: string;
  target?: string;
  params?: Record<string, unknown>;
  costUsd?: number;
  tokens?: { in: number; out: number; cacheRead: number; cacheWrite: number };
  correlation: Record<string, string | undefined>;
};

export const SEVERITY_TONE: Record<string, "neutral" | "info" | "warn" | "bad"> = { info: "neutral", low: "info", medium: "warn", high: "bad", critical: "bad" };

function Section({ title, value }: { title: string; value: Record<string, unknown> | undefined }) {
  const entries = Object.entries(value ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== "");
  if (!entries.length) return null;
  return (
    <div>
      <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h4>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5 text-sm">
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="break-all font-mono text-xs">{typeof v === "object" ? JSON.stringify(v) : String(v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function EventDetail({ event, onClose, onFilter }: { event: TExplorerEvent; onClose: () => void; onFilter: (term: string) => void }) {
  return (
    <aside className="space-y-4 border-l border-slate-200 bg-white p-4" data-testid="event-detail">
      <div className="flex items-start justify-between gap-2">
        <div>
          <div className="font-mono text-sm font-semibold">{event.type}</div>
          <div className="text-xs text-slate-500">{new Date(event.time).toLocaleString()}</div>
        </div>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close detail">
          ✕
        </Button>
      </div>
      <div className="flex gap-2">
        <Badge tone={SEVERITY_TONE[event.severity]}>{event.severity}</Badge>
        <Badge tone={event.outcome === "denied" || event.outcome === "error" ? "bad" : "neutral"}>{event.outcome}</Badge>
      </div>
      <Section title="What" value={{ intent: event.intent, target: event.target, costUsd: event.costUsd, tokens: event.tokens }} />
      <Section title="Actor" value={event.actor} />
      <Section title="On behalf of" value={event.onBehalfOf} />
      <Section title="Device" value={event.device} />
      <Section title="Correlation" value={event.correlation} />
      <Section title="Parameters (secrets redacted)" value={event.params} />
      <Section title="Record" value={{ id: event.id, key: event.key, receivedAt: event.receivedAt }} />
      <div className="flex flex-wrap gap-2">
        {event.device.hostname ? (
          <Button size="sm" variant="secondary" onClick={() => onFilter(`host:${JSON.stringify(event.device.hostname)}`)}>
            Same device
          </Button>
        ) : null}
        {event.actor.identityId ? (
          <Button size="sm" variant="secondary" onClick={() => onFilter(`identity:${event.actor.identityId}`)}>
            Same identity
          </Button>
        ) : null}
        {event.correlation.sessionId ? (
          <Button size="sm" variant="secondary" onClick={() => onFilter(`session:${event.correlation.sessionId}`)}>
            Same session
          </Button>
        ) : null}
      </div>
    </aside>
  );
}
