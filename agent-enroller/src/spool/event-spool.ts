/**
 * The device's outbound event buffer: an append-only NDJSON file, bounded by count and bytes. When full it
 * drops the oldest events and counts them; the next batch then starts with one `enroller.events_dropped`
 * event carrying the count, so a loss is never silent. Events leave the spool only once the server has
 * answered for them (accepted, or rejected for good). One process writes a spool at a time.
 */
import { randomUUID } from "node:crypto";
import { appendFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { MAX_EVENTS_PER_BATCH, ZDeviceEvent, type TDeviceEvent, type TEventsResponse } from "../../../server/contracts/device";

export const EVENTS_DROPPED_TYPE = "enroller.events_dropped";

type TSpoolMeta = { dropped: number; droppedKey: string | null; droppedSince: string | null };

export type TFlushResult = { sent: number; accepted: number; rejected: Array<{ key: string; reason: string }>; remaining: number };

/** A new device event with a fresh idempotency key and the current time. */
export function createDeviceEvent(options: { type: string } & Partial<Omit<TDeviceEvent, "type">>): TDeviceEvent {
  return ZDeviceEvent.parse({ key: randomUUID(), time: new Date().toISOString(), ...options });
}

export class EventSpool {
  readonly file: string;
  readonly maxEvents: number;
  readonly maxBytes: number;
  private lines: string[] | null = null;
  private bytes = 0;
  private meta: TSpoolMeta = { dropped: 0, droppedKey: null, droppedSince: null };
  private chain: Promise<unknown> = Promise.resolve();
  /** Lines that could not be parsed at load (a torn write before a crash); they are discarded. */
  corruptLinesSkipped = 0;

  constructor(options: { file: string; maxEvents?: number; maxBytes?: number }) {
    this.file = options.file;
    this.maxEvents = options.maxEvents ?? 10_000;
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  }

  private get metaFile(): string {
    return `${this.file}.meta.json`;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<string[]> {
    if (this.lines) return this.lines;
    let text = "";
    try {
      text = await readFile(this.file, "utf8");
    } catch {
      text = "";
    }
    const lines: string[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        if (ZDeviceEvent.safeParse(JSON.parse(line)).success) lines.push(line);
        else this.corruptLinesSkipped++;
      } catch {
        this.corruptLinesSkipped++;
      }
    }
    try {
      this.meta = { ...this.meta, ...(JSON.parse(await readFile(this.metaFile, "utf8")) as TSpoolMeta) };
    } catch {
      /* fresh spool */
    }
    this.lines = lines;
    this.bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    if (this.corruptLinesSkipped > 0) await this.rewrite();
    return lines;
  }

  private async rewrite(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, this.lines!.length ? `${this.lines!.join("\n")}\n` : "", { mode: 0o600 });
    await rename(tmp, this.file);
    await this.saveMeta();
  }

  private async saveMeta(): Promise<void> {
    const tmp = `${this.metaFile}.tmp`;
    await writeFile(tmp, JSON.stringify(this.meta), { mode: 0o600 });
    await rename(tmp, this.metaFile);
  }

  /** Adds events (validated); when over the bound, the oldest are dropped and counted. */
  append(options: { events: TDeviceEvent[] }): Promise<{ dropped: number }> {
    return this.serial(async () => {
      const lines = await this.load();
      const added = options.events.map((e) => JSON.stringify(ZDeviceEvent.parse(e)));
      let dropped = 0;
      for (const l of added) {
        lines.push(l);
        this.bytes += Buffer.byteLength(l) + 1;
      }
      while (lines.length > this.maxEvents || (this.bytes > this.maxBytes && lines.length > 0)) {
        const gone = lines.shift()!;
        this.bytes -= Buffer.byteLength(gone) + 1;
        dropped++;
      }
      if (dropped > 0) {
        this.meta.dropped += dropped;
        this.meta.droppedKey ??= randomUUID();
        this.meta.droppedSince ??= new Date().toISOString();
        await this.rewrite();
      } else if (added.length > 0) {
        await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
        await appendFile(this.file, `${added.join("\n")}\n`, { mode: 0o600 });
      }
      return { dropped };
    });
  }

  stats(): Promise<{ count: number; bytes: number; dropped: number }> {
    return this.serial(async () => {
      const lines = await this.load();
      return { count: lines.length, bytes: this.bytes, dropped: this.meta.dropped };
    });
  }

  /** The oldest events (at most `max`), led by the dropped-events report when something was dropped. */
  peekBatch(options: { max?: number } = {}): Promise<TDeviceEvent[]> {
    return this.serial(async () => {
      const lines = await this.load();
      const max = Math.min(options.max ?? MAX_EVENTS_PER_BATCH, MAX_EVENTS_PER_BATCH);
      const batch: TDeviceEvent[] = [];
      if (this.meta.dropped > 0 && this.meta.droppedKey) {
        batch.push(
          ZDeviceEvent.parse({
            key: this.meta.droppedKey,
            time: new Date().toISOString(),
            type: EVENTS_DROPPED_TYPE,
            outcome: "error",
            params: { count: this.meta.dropped, since: this.meta.droppedSince, maxEvents: this.maxEvents, maxBytes: this.maxBytes },
          }),
        );
      }
      for (const l of lines.slice(0, max - batch.length)) batch.push(JSON.parse(l) as TDeviceEvent);
      return batch;
    });
  }

  /** Removes the events the server has answered for (accepted or rejected), by idempotency key. */
  remove(options: { keys: string[]; droppedReported?: number }): Promise<void> {
    return this.serial(async () => {
      const lines = await this.load();
      const keys = new Set(options.keys);
      if (this.meta.droppedKey && keys.has(this.meta.droppedKey)) {
        this.meta.dropped = Math.max(0, this.meta.dropped - (options.droppedReported ?? this.meta.dropped));
        this.meta.droppedKey = this.meta.dropped > 0 ? randomUUID() : null;
        this.meta.droppedSince = this.meta.dropped > 0 ? this.meta.droppedSince : null;
      }
      const kept = lines.filter((l) => !keys.has((JSON.parse(l) as TDeviceEvent).key));
      this.lines = kept;
      this.bytes = kept.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
      await this.rewrite();
    });
  }

  /** Sends everything in batches of ≤ 1000 through `send`; stops at the first failure (which it rethrows). */
  async flush(options: { send: (events: TDeviceEvent[]) => Promise<TEventsResponse>; batchSize?: number; maxBatches?: number }): Promise<TFlushResult> {
    const result: TFlushResult = { sent: 0, accepted: 0, rejected: [], remaining: 0 };
    for (let i = 0; i < (options.maxBatches ?? 100); i++) {
      const batch = await this.peekBatch({ max: options.batchSize });
      if (batch.length === 0) break;
      const res = await options.send(batch);
      result.sent += batch.length;
      result.accepted += res.accepted.length;
      result.rejected.push(...res.rejected);
      const answered = [...res.accepted, ...res.rejected.map((r) => r.key)];
      const droppedEvent = batch.find((e) => e.type === EVENTS_DROPPED_TYPE && e.key === this.meta.droppedKey);
      const droppedReported = droppedEvent ? Number((droppedEvent.params as { count: number }).count) : undefined;
      await this.remove({ keys: answered, droppedReported });
      if (answered.length === 0) break; // the server answered for nothing: do not spin
    }
    result.remaining = (await this.stats()).count;
    return result;
  }
}
