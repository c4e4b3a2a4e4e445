/** Rollout lifecycle events (rollout.stage_advanced / halted / rolled_back, in the event catalog) with stable keys, so a retried tick stores each once. */
import { recordEvents } from "../events/record-events";
import type { TTenantScope } from "../tenant-scope";

export async function recordRolloutEvent({ scope, rolloutId, type, key, intent, params, outcome = "success" }: { scope: TTenantScope; rolloutId: string; type: "rollout.stage_advanced" | "rollout.halted" | "rollout.rolled_back"; key: string; intent: string; params: Record<string, unknown>; outcome?: "success" | "error" }) {
  const actor = scope.actor.type === "member" && scope.actor.id ? { memberId: scope.actor.id } : {};
  try {
    await recordEvents({ scope, events: [{ type, key: `rollout:${rolloutId}:${key}`, actor, intent, target: `rollout:${rolloutId}`, params, outcome, correlation: { rolloutId } }] });
  } catch (error) {
    // The transition itself is committed and audited; a lost event must not undo or repeat it.
    console.error("[rollouts] event not recorded", (error as Error).message);
  }
}
