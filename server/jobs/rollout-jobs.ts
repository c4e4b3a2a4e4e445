/**
 * The rollout engine's pg-boss queues:
 *  - rollouts.tick {tenantId, rolloutId}: one engine step for one rollout (advanceRollout). Policy "stately" with
 *    the rollout id as singletonKey: at most one queued and one running per rollout. While the rollout is active
 *    the step queues its own follow-up after MARSHAL_ROLLOUT_TICK_SECONDS, so soak ends and attestations are
 *    noticed within that time; every transition is a conditional update, so a retried or duplicated step is harmless.
 *  - rollouts.sweep (every minute): a tick for every active rollout of every tenant, which is what resumes rollouts
 *    after a restart (or when a node that queued a follow-up died).
 */
import type PgBoss from "pg-boss";
import { forTenant } from "@/server/db";
import { listActiveRolloutRefs, resolveTenantSlug } from "@/server/db/rollouts";
import { SYSTEM_ACTOR } from "@/server/modules/audit/actor";
import { advanceRollout } from "@/server/modules/rollouts/advance-rollout";
import { kickRollout, ROLLOUT_SWEEP_QUEUE, ROLLOUT_TICK_QUEUE, type TRolloutTickJob } from "@/server/modules/rollouts/kick-rollout";
import { registerJobs } from "./boss";

export function rolloutTickSeconds(): number {
  const value = Number(process.env.MARSHAL_ROLLOUT_TICK_SECONDS ?? 10);
  return Number.isFinite(value) && value >= 1 ? value : 10;
}

export async function runRolloutTick({ tenantId, rolloutId }: TRolloutTickJob) {
  const tenantSlug = await resolveTenantSlug({ tenantId });
  if (!tenantSlug) return { skipped: "tenant gone" };
  const scope = { db: forTenant(tenantId), tenantId, tenantSlug, actor: SYSTEM_ACTOR };
  const result = await advanceRollout({ scope, rolloutId, wait: false });
  if (result.status === "active") await kickRollout({ scope, rolloutId, delaySeconds: rolloutTickSeconds() });
  return result;
}

export async function registerRolloutJobs(boss: PgBoss): Promise<void> {
  await boss.createQueue(ROLLOUT_TICK_QUEUE, { name: ROLLOUT_TICK_QUEUE, policy: "stately", retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 10 * 60 });
  await boss.createQueue(ROLLOUT_SWEEP_QUEUE, { name: ROLLOUT_SWEEP_QUEUE, policy: "singleton" });
  await boss.work<TRolloutTickJob>(ROLLOUT_TICK_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    return runRolloutTick(job.data);
  });
  await boss.work(ROLLOUT_SWEEP_QUEUE, async () => {
    const refs = await listActiveRolloutRefs();
    for (const ref of refs) await kickRollout({ scope: { tenantId: ref.tenantId }, rolloutId: ref.rolloutId });
    return { queued: refs.length };
  });
  await boss.schedule(ROLLOUT_SWEEP_QUEUE, "* * * * *");
  await boss.send(ROLLOUT_SWEEP_QUEUE, {}, { singletonKey: "startup" });
}

registerJobs(registerRolloutJobs);
