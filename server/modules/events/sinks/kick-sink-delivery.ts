/**
 * After new events are stored: nudge the tenant's sinks so delivery starts within a moment instead
 * of at the next minute's sweep. Coalesced per tenant (at most one nudge per 500 ms per process);
 * a no-op when this process runs no job queue (the sweep then picks the events up).
 */
import { runningBoss } from "@/server/jobs/boss";
import { listDeliverableSinkIds } from "@/server/db/event-sinks";

const DEBOUNCE_MS = 500;
const pending = new Set<string>();

export function kickSinkDelivery({ tenantId }: { tenantId: string }): void {
  if (!runningBoss() || pending.has(tenantId)) return;
  pending.add(tenantId);
  setTimeout(() => {
    pending.delete(tenantId);
    const boss = runningBoss();
    if (!boss) return;
    void (async () => {
      for (const sinkId of await listDeliverableSinkIds({ tenantId })) await boss.send("events.deliver", { sinkId }, { singletonKey: sinkId });
    })().catch((error) => console.error("[events] could not enqueue sink delivery", (error as Error).message));
  }, DEBOUNCE_MS).unref?.();
}
