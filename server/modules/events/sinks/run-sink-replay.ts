/**
 * Replay: re-send a time range of events to a sink (after a SIEM outage on their side, or to
 * backfill a new sink). Its own cursor on (time, id) within the range, advanced after each
 * acknowledged batch; the sink's live cursor is untouched. Same payloads (event ids) as live
 * delivery, so a de-duplicating receiver ignores what it already had.
 */
import { loadSink, saveReplayProgress, withLockedReplay } from "@/server/db/event-sinks";
import { selectEvents } from "@/server/db/events";
import { compileEventFilter } from "../event-filter";
import { rowToEvent } from "../event-row";
import { sendToSink } from "./send-to-sink";
import { DEFAULT_BATCH_SIZE, sinkTarget, type TSendFn } from "./deliver-sink-batch";
import type { TEventSeverity } from "@/server/contracts/events";

export type TReplayOutcome = { status: "busy" | "done" | "failed" | "retrying" | "running"; sent: number; error?: string };

export async function runSinkReplay({ replayId, batchSize = DEFAULT_BATCH_SIZE, maxBatches = 1000, send = sendToSink }: { replayId: string; batchSize?: number; maxBatches?: number; send?: TSendFn }): Promise<TReplayOutcome> {
  let sent = 0;
  for (let i = 0; i < maxBatches; i++) {
    const step = await withLockedReplay<TReplayOutcome>({
      replayId,
      fn: async ({ client, replay }) => {
        if (replay.status === "done" || replay.status === "failed") return { status: replay.status, sent: 0 };
        const sink = await loadSink({ client, sinkId: replay.sinkId });
        if (!sink) {
          await saveReplayProgress({ client, replayId, sent: 0, status: "failed", error: "the sink was deleted" });
          return { status: "failed", sent: 0, error: "the sink was deleted" };
        }
        const filter = compileEventFilter({
          from: replay.fromTime.toISOString(),
          to: replay.toTime.toISOString(),
          ...(sink.eventTypes.length ? { types: sink.eventTypes } : {}),
          ...(sink.minSeverity !== "info" ? { minSeverity: sink.minSeverity as TEventSeverity } : {}),
        });
        const rows = await selectEvents({ tenantId: replay.tenantId, filter, limit: batchSize, order: "asc", after: replay.cursor ?? undefined, client });
        if (rows.length === 0) {
          await saveReplayProgress({ client, replayId, sent: 0, status: "done" });
          return { status: "done", sent: 0 };
        }
        const result = await send({ sink: sinkTarget(sink), events: rows.map(rowToEvent) });
        const last = rows[rows.length - 1]!;
        if (result.ok) {
          const done = rows.length < batchSize;
          await saveReplayProgress({ client, replayId, cursor: { time: last.time, id: last.id }, sent: rows.length, status: done ? "done" : "running" });
          return { status: done ? "done" : "running", sent: rows.length };
        }
        const status = result.error.retryable ? "running" : "failed";
        await saveReplayProgress({ client, replayId, sent: 0, status, error: result.error.message });
        return { status: result.error.retryable ? "retrying" : "failed", sent: 0, error: result.error.message };
      },
    });
    if (!step.locked) return { status: "busy", sent };
    sent += step.value.sent;
    if (step.value.status !== "running") return { ...step.value, sent };
  }
  return { status: "running", sent };
}
