import { mkdtempSync, readFileSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDeviceEvent, EventSpool, EVENTS_DROPPED_TYPE } from "@/agent-enroller/src/spool/event-spool";
import type { TDeviceEvent } from "@/server/contracts/device";

const tmpFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), "spool-")), "events.ndjson");
const events = (n: number, type = "tool.call") => Array.from({ length: n }, (_, i) => createDeviceEvent({ type, params: { i } }));

describe("EventSpool", () => {
  it("keeps events across a restart and flushes them in order, removing what the server accepted", async () => {
    const file = tmpFile();
    await new EventSpool({ file }).append({ events: events(5) });
    const reopened = new EventSpool({ file });
    expect((await reopened.stats()).count).toBe(5);
    const sent: TDeviceEvent[][] = [];
    const r = await reopened.flush({
      batchSize: 2,
      send: async (batch) => {
        sent.push(batch);
        return { accepted: batch.map((e) => e.key), rejected: [] };
      },
    });
    expect(sent.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(sent.flat().map((e) => (e.params as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
    expect(r).toMatchObject({ sent: 5, accepted: 5, remaining: 0 });
    expect((await new EventSpool({ file }).stats()).count).toBe(0);
  });

  it("drops the oldest when full and reports the count once in an enroller.events_dropped event", async () => {
    const file = tmpFile();
    const spool = new EventSpool({ file, maxEvents: 10 });
    await spool.append({ events: events(8) });
    const { dropped } = await spool.append({ events: events(7) });
    expect(dropped).toBe(5);
    // Survives a restart, including the dropped count.
    const again = new EventSpool({ file, maxEvents: 10 });
    expect(await again.stats()).toMatchObject({ count: 10, dropped: 5 });
    const batch = await again.peekBatch({ max: 1000 });
    expect(batch[0]!.type).toBe(EVENTS_DROPPED_TYPE);
    expect(batch[0]!.params).toMatchObject({ count: 5 });
    expect(batch.filter((e) => e.type === EVENTS_DROPPED_TYPE)).toHaveLength(1);
    // The 5 oldest (i = 0..4 of the first append) are the ones gone.
    expect(batch.slice(1, 4).map((e) => (e.params as { i: number }).i)).toEqual([5, 6, 7]);
    await again.flush({ send: async (b) => ({ accepted: b.map((e) => e.key), rejected: [] }) });
    expect(await again.stats()).toMatchObject({ count: 0, dropped: 0 });
    expect(await again.peekBatch()).toEqual([]);
  });

  it("bounds by bytes too", async () => {
    const spool = new EventSpool({ file: tmpFile(), maxEvents: 1000, maxBytes: 2000 });
    await spool.append({ events: events(50) });
    const s = await spool.stats();
    expect(s.bytes).toBeLessThanOrEqual(2000);
    expect(s.count + s.dropped).toBe(50);
    expect(s.dropped).toBeGreaterThan(0);
  });

  it("keeps events the server did not answer for, and drops the ones it rejected for good", async () => {
    const spool = new EventSpool({ file: tmpFile() });
    const evs = events(3);
    await spool.append({ events: evs });
    const r = await spool.flush({
      send: async () => ({ accepted: [evs[0]!.key], rejected: [{ key: evs[1]!.key, reason: "unknown type" }] }),
      maxBatches: 1,
    });
    expect(r.rejected).toEqual([{ key: evs[1]!.key, reason: "unknown type" }]);
    const left = await spool.peekBatch();
    expect(left.map((e) => e.key)).toEqual([evs[2]!.key]);
  });

  it("keeps everything when sending fails", async () => {
    const spool = new EventSpool({ file: tmpFile() });
    await spool.append({ events: events(3) });
    await expect(spool.flush({ send: async () => Promise.reject(new Error("offline")) })).rejects.toThrow("offline");
    expect((await spool.stats()).count).toBe(3);
  });

  it("refuses invalid events and changes nothing", async () => {
    const file = tmpFile();
    const spool = new EventSpool({ file });
    await spool.append({ events: events(1) });
    await expect(spool.append({ events: [{ key: "not-a-uuid", time: "yesterday", type: "" } as TDeviceEvent] })).rejects.toThrow();
    expect((await spool.stats()).count).toBe(1);
  });

  it("skips a torn last line left by a crash", async () => {
    const file = tmpFile();
    await new EventSpool({ file }).append({ events: events(2) });
    appendFileSync(file, '{"key":"half');
    const spool = new EventSpool({ file });
    expect((await spool.stats()).count).toBe(2);
    expect(spool.corruptLinesSkipped).toBe(1);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(2);
  });
});
