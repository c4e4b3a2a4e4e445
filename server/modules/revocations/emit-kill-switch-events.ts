/**
 * The kill switch's lifecycle events (`revocation.created|delivered|stopped|failed|restored`,
 * `identity.issued|revoked`). Each step is also stored on its own row with timestamps (Revocation,
 * RevocationTarget, AgentCredential); this seam hands the same facts to the event pipeline.
 *
 * SEAM: server/modules/events/record-events.ts had not landed when this was written; the lead wires it with
 * `setKillSwitchEventSink(events => recordEvents({ ... }))`. Without a sink the events are dropped (the rows stay).
 */
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
  return sinks().size > 0;
}

/** Hands events to every sink after the facts are committed; a failing sink is logged and never undoes them. */
export async function emitKillSwitchEvents(opts: { events: TKillSwitchEvent[] }): Promise<void> {
  if (opts.events.length === 0) return;
  for (const sink of sinks()) {
    try {
      await sink(opts.events);
    } catch (err) {
      console.error(`[kill-switch] event sink failed: ${(err as Error).message}`);
    }
  }
}
