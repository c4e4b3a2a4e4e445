/**
 * The kill switch's lifecycle events (`revocation.created|delivered|stopped|failed|restored`,
 * `identity.issued|revoked`). Each step is also stored on its own row with timestamps (Revocation,
 * RevocationTarget, AgentCredential); the same facts go to the event pipeline (recordEvents), batched: a
 * tenant-wide revocation acknowledged by 10,000 devices becomes a few multi-row inserts, not 10,000 commits.
 * Extra sinks (tests, the lead's wiring) can be added with setKillSwitchEventSink.
 */
import { recordEvents, type TEventDraft } from "@/server/modules/events/record-events";
export type TKillSwitchEventType =
  | "revocation.created"
  | "revocation.delivered"
  | "revocation.stopped"
  | "revocation.failed"
  | "revocation.restored"
  | "identity.issued"
  | "identity.revoked";

export type TKillSwitchEvent = {
  type: TKillSwitchEventType;
  tenantId: string;
  at: Date;
  revocationId?: string;
  identityId?: string;
  personId?: string | null;
  deviceId?: string;
  actor?: { type: string; id: string | null; label: string };
  outcome?: "success" | "failure" | "unknown";
  detail?: Record<string, unknown>;
};

type TSink = (events: TKillSwitchEvent[]) => void | Promise<void>;
const globalSinks = globalThis as unknown as { __marshalKillSwitchSinks?: Set<TSink> };

function sinks(): Set<TSink> {
  globalSinks.__marshalKillSwitchSinks ??= new Set();
  return globalSinks.__marshalKillSwitchSinks;
}

/** Adds a sink; returns the function that removes it. */
export function setKillSwitchEventSink(sink: TSink): () => void {
  sinks().add(sink);
  return () => sinks().delete(sink);
}

export function hasKillSwitchEventSinks(): boolean {
  return true; // the event pipeline always listens
}

const INTENT: Record<TKillSwitchEventType, string> = {
  "revocation.created": "kill switch pulled",
  "revocation.delivered": "revoke command delivered to the device",
  "revocation.stopped": "device proved the agents stopped",
  "revocation.failed": "device could not prove the agents stopped",
  "revocation.restored": "revocation restored",
  "identity.issued": "short-lived agent token issued",
  "identity.revoked": "agent identity revoked",
};

export function toEventDraft(e: TKillSwitchEvent): TEventDraft {
  const type = e.type;
  const jti = typeof e.detail?.jti === "string" ? e.detail.jti : "";
  const key = [e.type, e.revocationId ?? "", e.identityId ?? "", e.deviceId ?? "", jti || e.at.getTime()].join(":").slice(0, 128);
  return {
    key,
    time: e.at,
    type: type as TEventDraft["type"],
    actor: e.identityId ? { identityId: e.identityId } : e.actor?.type === "member" && e.actor.id ? { memberId: e.actor.id } : {},
    onBehalfOf: e.personId ? { personId: e.personId } : {},
    device: e.deviceId ? { id: e.deviceId } : {},
    intent: INTENT[e.type],
    outcome: e.outcome === "failure" ? "error" : (e.outcome ?? "unknown"),
    ...(e.detail ? { params: JSON.parse(JSON.stringify(e.detail)) as Record<string, unknown> } : {}),
    correlation: e.revocationId ? { revocationId: e.revocationId } : {},
  };
}

const FLUSH_MS = 200;
const MAX_QUEUED = 1000;
const globalQueue = globalThis as unknown as { __marshalKillSwitchQueue?: { events: TKillSwitchEvent[]; timer: NodeJS.Timeout | null; flushing: Promise<void> } };

function queue() {
  globalQueue.__marshalKillSwitchQueue ??= { events: [], timer: null, flushing: Promise.resolve() };
  return globalQueue.__marshalKillSwitchQueue;
}

/** Writes every queued event now (one recordEvents call per tenant). Tests and shutdown call it. */
export async function flushKillSwitchEvents(): Promise<void> {
  const q = queue();
  if (q.timer) clearTimeout(q.timer);
  q.timer = null;
  const batch = q.events.splice(0);
  const run = q.flushing.then(async () => {
    const byTenant = new Map<string, TKillSwitchEvent[]>();
    for (const e of batch) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    for (const [tenantId, events] of byTenant) {
      const drafts = new Map(events.map((e) => [toEventDraft(e).key, toEventDraft(e)]));
      try {
        await recordEvents({ scope: { tenantId }, events: [...drafts.values()] });
      } catch (err) {
        console.error(`[kill-switch] recording ${drafts.size} events failed: ${(err as Error).message}`);
      }
    }
  });
  q.flushing = run;
  await run;
}

function enqueue(events: TKillSwitchEvent[]) {
  const q = queue();
  q.events.push(...events);
  if (q.events.length >= MAX_QUEUED) void flushKillSwitchEvents();
  else if (!q.timer) {
    q.timer = setTimeout(() => void flushKillSwitchEvents(), FLUSH_MS);
    q.timer.unref();
  }
}

/** Hands events to every sink after the facts are committed; a failing sink is logged and never undoes them. */
export async function emitKillSwitchEvents(opts: { events: TKillSwitchEvent[] }): Promise<void> {
  if (opts.events.length === 0) return;
  enqueue(opts.events);
  for (const sink of sinks()) {
    try {
      await sink(opts.events);
    } catch (err) {
      console.error(`[kill-switch] event sink failed: ${(err as Error).message}`);
    }
  }
}
