/**
 * A micro-batcher for hot-path statements: callers `submit` one item and await its own result; items that arrive
 * while earlier batches are in flight wait and go together in the next one (one multi-row statement instead of
 * one round trip each). There is no fixed delay: a lone item is flushed on the next turn of the event loop, so
 * light load pays nothing; under load, batches grow by themselves to what arrives during one round trip.
 * `maxInFlight` bounds the concurrent batches (1 keeps a node's writes in one order: no deadlock between its own
 * batches); `maxBatch` bounds one statement (bind parameters, lock time).
 * A failed batch rejects each of its items with that error (the caller answers "retry"); nothing is retried here.
 */
export type TMicroBatcher<I, R> = {
  submit: (item: I) => Promise<R>;
  /** Items waiting for a slot (not yet sent). */
  readonly queued: number;
};

export function createMicroBatcher<I, R>(opts: {
  /** Runs one batch; must return exactly one result per item, in order. */
  flush: (items: I[]) => Promise<R[]>;
  maxBatch?: number;
  maxInFlight?: number;
}): TMicroBatcher<I, R> {
  const maxBatch = Math.max(1, opts.maxBatch ?? 500);
  const maxInFlight = Math.max(1, opts.maxInFlight ?? 1);
  let queue: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;

  const pump = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      inFlight++;
      void run(batch);
    }
  };

  const run = async (batch: typeof queue) => {
    try {
      const results = await opts.flush(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error(`micro-batch flush returned ${results.length} results for ${batch.length} items`);
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      inFlight--;
      if (queue.length > 0) schedule();
    }
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (inFlight < maxInFlight) schedule();
      });
    },
    get queued() {
      return queue.length;
    },
  };
}
