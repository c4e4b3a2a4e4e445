/**
 * Asks the rollout engine to look at a rollout now (after a proposal, an approval, a promotion): a job on the
 * `rollouts.tick` queue when this process runs pg-boss. Without a running boss (a console node with
 * MARSHAL_JOBS=0, a script) nothing is lost: the sweep of whichever node runs the workers picks it up within a minute.
 */
import { runningBoss } from "@/server/jobs/boss";
import type { TTenantScope } from "../tenant-scope";

export const ROLLOUT_TICK_QUEUE = "rollouts.tick";
export const ROLLOUT_SWEEP_QUEUE = "rollouts.sweep";

export type TRolloutTickJob = { tenantId: string; rolloutId: string };

export async function kickRollout({ scope, rolloutId, delaySeconds }: { scope: Pick<TTenantScope, "tenantId">; rolloutId: string; delaySeconds?: number }): Promise<void> {
  const boss = runningBoss();
  if (!boss) return;
  try {
    await boss.send(ROLLOUT_TICK_QUEUE, { tenantId: scope.tenantId, rolloutId } satisfies TRolloutTickJob, { singletonKey: rolloutId, ...(delaySeconds ? { startAfter: delaySeconds } : {}) });
  } catch (error) {
    console.error("[rollouts] could not queue a tick", (error as Error).message);
  }
}
