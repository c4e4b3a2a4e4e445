/**
 * A stand-alone delivery worker for the crash test: delivers one sink's backlog in small batches
 * until it is caught up, then exits 0. Run: node --import tsx delivery-worker.ts <sinkId> <batchSize>
 */
import { deliverSinkBacklog } from "../deliver-sink-batch";
import { closeEventsPool } from "@/server/db/events";

const [sinkId, batchSize] = process.argv.slice(2);
if (!sinkId) throw new Error("usage: delivery-worker.ts <sinkId> <batchSize>");
for (;;) {
  const { outcome } = await deliverSinkBacklog({ sinkId, batchSize: Number(batchSize ?? 10), maxBatches: 1000, timeoutMs: 60_000 });
  if (outcome.status === "idle") break;
  if (outcome.status !== "sent" && outcome.status !== "busy") {
    console.error(`delivery stopped: ${JSON.stringify(outcome)}`);
    process.exit(2);
  }
  if (outcome.status === "busy") await new Promise((r) => setTimeout(r, 100));
}
await closeEventsPool();
process.exit(0);
