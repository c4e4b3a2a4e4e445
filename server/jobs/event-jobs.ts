/**
 * The event pipeline's background jobs (pg-boss queues):
 *  - events.deliver {sinkId}: deliver a sink's backlog (policy "stately" + singletonKey = sink:
 *    at most one queued and one running per sink). A retryable failure throws, so pg-boss retries
 *    with exponential backoff; the sweep re-enqueues afterwards, so a sink down for an hour is
 *    retried about once a minute and its backlog stays visible in the console.
 *  - events.sweep (every minute): enqueue events.deliver for every enabled, unpaused sink.
 *  - events.replay {replayId}: re-send a time range to a sink.
 *  - events.maintain (hourly): create the next days' partitions, upgrade sink secrets, apply retention.
 */
import type PgBoss from "pg-boss";
import { listDeliverableSinkIds } from "@/server/db/event-sinks";
import { createEventPartitionsAhead } from "@/server/db/events";
import { upgradeSinkSecrets } from "@/server/modules/events/sinks/sink-secret";
import { applyEventRetention } from "@/server/modules/events/apply-event-retention";
import { deliverSinkBacklog } from "@/server/modules/events/sinks/deliver-sink-batch";
import { runSinkReplay } from "@/server/modules/events/sinks/run-sink-replay";
import { registerJobs } from "./boss";

export const DELIVER_QUEUE = "events.deliver";
export const SWEEP_QUEUE = "events.sweep";
export const REPLAY_QUEUE = "events.replay";
export const MAINTAIN_QUEUE = "events.maintain";

export class RetryableDeliveryError extends Error {
  override name = "RetryableDeliveryError";
}

export async function enqueueSinkDelivery({ boss, sinkId }: { boss: PgBoss; sinkId: string }) {
  await boss.send(DELIVER_QUEUE, { sinkId }, { singletonKey: sinkId });
}

export async function registerEventJobs(boss: PgBoss): Promise<void> {
  await boss.createQueue(DELIVER_QUEUE, { name: DELIVER_QUEUE, policy: "stately", retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60 });
  await boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: "singleton" });
  await boss.createQueue(REPLAY_QUEUE, { name: REPLAY_QUEUE, retryLimit: 20, retryDelay: 10, retryBackoff: true, expireInSeconds: 60 * 60 });
  await boss.createQueue(MAINTAIN_QUEUE, { name: MAINTAIN_QUEUE, policy: "singleton", retryLimit: 3 });

  await boss.work<{ sinkId: string }>(DELIVER_QUEUE, { pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    const { delivered, outcome } = await deliverSinkBacklog({ sinkId: job.data.sinkId });
    if (outcome.status === "retrying") throw new RetryableDeliveryError(outcome.error);
    // More waiting (maxBatches reached): queue the next round rather than hold the worker.
    if (outcome.status === "sent" && outcome.more) await enqueueSinkDelivery({ boss, sinkId: job.data.sinkId });
    return { delivered, status: outcome.status };
  });
  await boss.work(SWEEP_QUEUE, async () => {
    for (const sinkId of await listDeliverableSinkIds()) await enqueueSinkDelivery({ boss, sinkId });
  });
  await boss.work<{ replayId: string }>(REPLAY_QUEUE, async ([job]) => {
    if (!job) return;
    const outcome = await runSinkReplay({ replayId: job.data.replayId });
    if (outcome.status === "retrying") throw new RetryableDeliveryError(outcome.error ?? "retrying");
    return outcome;
  });
  await boss.work(MAINTAIN_QUEUE, async () => {
    await createEventPartitionsAhead({ days: 7 });
    // Sink secrets: re-seal the pre-envelope format and re-wrap rows under a previous KEK (sink-secret.ts).
    const secrets = await upgradeSinkSecrets();
    for (const failure of secrets.failed) console.error(`[events] sink ${failure.sinkId} secret not upgraded: ${failure.error}`);
    return { retention: await applyEventRetention({}), secrets: { ...secrets, failed: secrets.failed.length } };
  });
  await boss.schedule(SWEEP_QUEUE, "* * * * *");
  await boss.schedule(MAINTAIN_QUEUE, "17 * * * *");
  await boss.send(MAINTAIN_QUEUE, {}, { singletonKey: "startup" });
}

registerJobs(registerEventJobs);
