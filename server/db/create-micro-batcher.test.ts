import { describe, expect, it } from "vitest";
import { createMicroBatcher } from "./create-micro-batcher";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("createMicroBatcher", () => {
  it("sends items that arrive while a batch is in flight together in the next batch, each caller getting its own result", async () => {
    const batches: number[][] = [];
    const gate = deferred<void>();
    const batcher = createMicroBatcher<number, string>({
      maxInFlight: 1,
      flush: async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate.promise;
        return items.map((n) => `r${n}`);
      },
    });
    const first = batcher.submit(1);
    await new Promise((r) => setImmediate(r)); // first batch is now in flight
    const rest = [2, 3, 4].map((n) => batcher.submit(n));
    expect(batcher.queued).toBe(3);
    gate.resolve();
    expect(await first).toBe("r1");
    expect(await Promise.all(rest)).toEqual(["r2", "r3", "r4"]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("never puts more than maxBatch items in one batch", async () => {
    const sizes: number[] = [];
    const batcher = createMicroBatcher<number, number>({ maxBatch: 2, maxInFlight: 1, flush: async (items) => (sizes.push(items.length), items) });
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("rejects every item of a failed batch with its error, and later batches still run", async () => {
    let calls = 0;
    const batcher = createMicroBatcher<number, number>({
      flush: async (items) => {
        calls++;
        if (calls === 1) throw new Error("database went away");
        return items;
      },
    });
    const failed = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(failed.map((f) => f.status)).toEqual(["rejected", "rejected"]);
    expect((failed[0] as PromiseRejectedResult).reason.message).toBe("database went away");
    expect(await batcher.submit(3)).toBe(3);
  });

  it("refuses a flush that answers a different number of results than items", async () => {
    const batcher = createMicroBatcher<number, number>({ flush: async () => [] });
    await expect(batcher.submit(1)).rejects.toThrow(/0 results for 1 items/);
  });
});
