/**
 * One delivery step for one sink: lock the sink, read the next batch after its cursor (ingest
 * order), send it, and only when the receiver acknowledged, advance the cursor in the same
 * transaction. Guarantee: at-least-once to the receiver, with every payload carrying the event id
 * (and a batch Idempotency-Key on webhooks), so a receiver that de-duplicates on the event id sees
 * each event exactly once. A crash between "receiver acknowledged" and "cursor committed" re-sends
 * at most that one batch; nothing is ever skipped.
 *
 * Failures: retryable (5xx, 429, timeouts, refused connections) leave the cursor, mark the sink
 * "retrying" and report it so the job queue backs off and retries. Auth failures (401/403), TLS
 * failures and configuration errors pause the sink until an admin fixes it. Any other permanent
 * refusal (e.g. 400 for one malformed batch) dead-letters the batch and moves on.
 */
import type { TTransportResult } from "../transports/transport-result";
import { deadLetterBatch, saveSinkFailure, saveSinkProgress, selectEventsForDelivery, withLockedSink, type TLockedSink } from "@/server/db/event-sinks";
import { compileEventFilter } from "../event-filter";
import { rowToEvent } from "../event-row";
import { openSinkSecret } from "./sink-secret";
import { sendToSink, type TSinkTarget } from "./send-to-sink";
import type { TEvent, TEventSeverity } from "@/server/contracts/events";

export const DEFAULT_BATCH_SIZE = 500;

export type TDeliveryOutcome =
  | { status: "busy" }
  | { status: "disabled" }
  | { status: "idle" }
  | { status: "sent"; count: number; more: boolean }
  | { status: "retrying"; error: string; retryAfterSeconds?: number }
  | { status: "paused"; error: string }
  | { status: "dead_lettered"; count: number; error: string };

export type TSendFn = (opts: { sink: TSinkTarget; events: TEvent[]; timeoutMs?: number }) => Promise<TTransportResult>;

export function sinkFilter(sink: Pick<TLockedSink, "eventTypes" | "minSeverity">) {
  return compileEventFilter({
    ...(sink.eventTypes.length ? { types: sink.eventTypes } : {}),
    ...(sink.minSeverity !== "info" ? { minSeverity: sink.minSeverity as TEventSeverity } : {}),
  });
}

export function sinkTarget(sink: TLockedSink): TSinkTarget {
  return { id: sink.id, format: sink.format, transport: sink.transport, config: sink.config, secret: sink.secretCiphertext ? openSinkSecret({ tenantId: sink.tenantId, sinkId: sink.id, ciphertext: sink.secretCiphertext }) : null };
}

function isPausing(result: Extract<TTransportResult, { ok: false }>): boolean {
  const { kind, status } = result.error;
  return kind === "invalid_input" || kind === "tls" || status === 401 || status === 403;
}

export async function deliverSinkBatch({
  sinkId,
  batchSize = DEFAULT_BATCH_SIZE,
  send = sendToSink,
  timeoutMs = 10_000,
}: {
  sinkId: string;
  batchSize?: number;
  send?: TSendFn;
  timeoutMs?: number;
}): Promise<TDeliveryOutcome> {
  const result = await withLockedSink<TDeliveryOutcome>({
    sinkId,
    fn: async ({ client, sink }) => {
      if (!sink.enabled) return { status: "disabled" };
      if (sink.status === "paused") return { status: "paused", error: "paused: fix the sink and resume it" };
      const rows = await selectEventsForDelivery({ client, tenantId: sink.tenantId, filter: sinkFilter(sink), after: sink.cursor, limit: batchSize });
      if (rows.length === 0) return { status: "idle" };
      const last = rows[rows.length - 1]!;
      const cursor = { xid: last.ingestXid, id: last.id };
      let target: TSinkTarget;
      try {
        target = sinkTarget(sink);
      } catch (error) {
        const message = `cannot read the sink secret: ${(error as Error).message}`;
        await saveSinkFailure({ client, sinkId, error: message, status: "paused" });
        return { status: "paused", error: message };
      }
      const sent = await send({ sink: target, events: rows.map(rowToEvent), timeoutMs });
      if (sent.ok) {
        await saveSinkProgress({ client, sinkId, cursor, delivered: rows.length });
        return { status: "sent", count: rows.length, more: rows.length === batchSize };
      }
      if (sent.error.retryable) {
        await saveSinkFailure({ client, sinkId, error: sent.error.message, status: "retrying" });
        return { status: "retrying", error: sent.error.message, ...(sent.error.retryAfterSeconds !== undefined ? { retryAfterSeconds: sent.error.retryAfterSeconds } : {}) };
      }
      if (isPausing(sent)) {
        await saveSinkFailure({ client, sinkId, error: sent.error.message, status: "paused" });
        return { status: "paused", error: sent.error.message };
      }
      await deadLetterBatch({ client, sink, rows, cursor, error: sent.error.message });
      return { status: "dead_lettered", count: rows.length, error: sent.error.message };
    },
  });
  return result.locked ? result.value : { status: "busy" };
}

/**
 * Delivers batches until the sink is caught up, fails, or `maxBatches` ran (so one busy sink does
 * not hog a worker). Returns the last outcome and how many events went out.
 */
export async function deliverSinkBacklog({ sinkId, maxBatches = 50, batchSize, send, timeoutMs }: { sinkId: string; maxBatches?: number; batchSize?: number; send?: TSendFn; timeoutMs?: number }) {
  let delivered = 0;
  let outcome: TDeliveryOutcome = { status: "idle" };
  for (let i = 0; i < maxBatches; i++) {
    outcome = await deliverSinkBatch({ sinkId, batchSize, send, timeoutMs });
    if (outcome.status === "sent") delivered += outcome.count;
    if (outcome.status === "dead_lettered") continue;
    if (outcome.status !== "sent" || !outcome.more) break;
  }
  return { delivered, outcome };
}
