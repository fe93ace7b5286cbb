// Concurrent calls gathered into batches: a hot write that many requests make at once (the merchant's
// invoice create) then costs the database one statement and one commit per batch instead of per call.
// An idle coalescer starts a run as soon as the current microtasks end, so a lone call waits for nothing;
// calls that arrive while `maxInFlight` runs are out queue and leave together as the next run. A batch
// that fails runs again one call at a time, so a call the database refuses (bad data, a trigger) fails
// alone and the others in its batch — perhaps other organisations' — still succeed; unless the failure
// is one no item caused (the database unreachable): running each alone would only repeat it, 32 times.

export interface CoalesceOptions {
  /** Most items in one run. */
  maxBatch: number;
  /** Most runs out at once; the rest wait and grow the next batch. */
  maxInFlight: number;
  /** Whether a batch that failed with this error is run again one item at a time (always, when absent). */
  retryAlone?: (error: unknown) => boolean;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * `run` gets the items of one batch and answers with one result per item, in their order. When it fails
 * for a batch of several, each item is run again alone (as `retryAlone` allows), and a call fails only
 * with its own run's error.
 */
export function coalesce<T, R>(run: (items: readonly T[]) => Promise<readonly R[]>, options: CoalesceOptions): (item: T) => Promise<R> {
  const waiting: Waiting<T, R>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const runChecked = async (items: readonly T[]) => {
    const results = await run(items);
    if (results.length !== items.length) throw new Error(`A batch of ${items.length} got ${results.length} results.`);
    return results;
  };

  const runAlone = async (w: Waiting<T, R>) => {
    try {
      w.resolve((await runChecked([w.item]))[0]!);
    } catch (error) {
      w.reject(error);
    }
  };

  const settle = async (batch: Waiting<T, R>[]) => {
    try {
      const results = await runChecked(batch.map((w) => w.item));
      for (const [i, w] of batch.entries()) w.resolve(results[i]!);
    } catch (error) {
      if (batch.length > 1 && (options.retryAlone?.(error) ?? true)) await Promise.all(batch.map(runAlone));
      else for (const w of batch) w.reject(error);
    } finally {
      inFlight -= 1;
      schedule();
    }
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      inFlight += 1;
      void settle(waiting.splice(0, options.maxBatch));
    }
  };

  const schedule = () => {
    if (scheduled || waiting.length === 0 || inFlight >= options.maxInFlight) return;
    scheduled = true;
    queueMicrotask(flush);
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      schedule();
    });
}

/** One coalescer per key (a database handle, so each app batches on its own): built on first use. */
export function coalescePer<K extends object, T, R>(
  run: (key: K, items: readonly T[]) => Promise<readonly R[]>,
  options: CoalesceOptions,
): (key: K, item: T) => Promise<R> {
  const coalescers = new WeakMap<K, (item: T) => Promise<R>>();
  return (key, item) => {
    let call = coalescers.get(key);
    if (!call) {
      call = coalesce((items: readonly T[]) => run(key, items), options);
      coalescers.set(key, call);
    }
    return call(item);
  };
}
