// The embedded database on its own thread. PGlite runs PostgreSQL as WebAssembly in the thread that
// calls it, so in the server's thread every statement held the event loop: no request was parsed or
// answered while one ran (a large page, a VACUUM), and the server used one core where PostgreSQL's
// deployment uses two (the server's and the database's). Here PGlite runs in a worker thread that
// serves the same Database interface by messages: statements, their results and errors cross by copy
// (structured clone: Dates, bigints and bytes survive), transactions stay open in the worker until
// their body ends here. bench/README.md, *Session 17*, has the measurements.
import type { Worker } from 'node:worker_threads';
import { BASELINE_WASM_ONLY, setV8Flag } from '../platform/v8-flags.js';
import { startWorker } from '../platform/worker-thread.js';
import type { Database, Queryable, QueryResult } from './database.js';
import type { Reply, Request, ThreadOptions, ThrownFields } from './pglite-thread-protocol.js';

/** A request before call() numbers it (Omit over each member of the union). */
type WithoutId<R> = R extends unknown ? Omit<R, 'id'> : never;
type Outgoing = WithoutId<Request>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** An error as the worker described it, with this thread's stack (where the statement was sent from). */
const rebuilt = (fields: ThrownFields): Error => Object.assign(new Error(fields.message), fields);

/**
 * Starts the thread at once, so that it loads PGlite's modules while `created` (a new database's
 * creation, in a child process) runs, then opens the database in it.
 */
export async function openPGliteThread(options: ThreadOptions, created: Promise<void> = Promise.resolve()): Promise<Database> {
  // The thread sets it before PGlite compiles; set here too, it is applied again at every later worker's start.
  if (!options.optimizeWasm) setV8Flag(BASELINE_WASM_ONLY);
  const worker: Worker = startWorker(import.meta.url, 'pglite-thread-worker', {});
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopped: Error | null = null;

  const stop = (error: Error) => {
    stopped ??= error;
    for (const p of pending.values()) p.reject(stopped);
    pending.clear();
  };
  worker.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(rebuilt(reply.error));
  });
  worker.on('error', (error) => stop(new Error(`The embedded database stopped: ${error.message}`)));
  worker.on('exit', (code) => stop(new Error(`The embedded database is closed (its thread exited with code ${code}).`)));

  const call = <T>(request: Outgoing): Promise<T> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      // A parameter that cannot be copied (a function) throws here: the promise rejects with it.
      worker.postMessage({ ...request, id });
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  };
  try {
    await created;
    await call({ op: 'open', options });
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  const on = (tx: number | null): Queryable => ({
    query: <T>(sql: string, params: readonly unknown[] = [], queryOptions?: { prepare?: boolean }) =>
      call<QueryResult<T>>({ op: 'query', tx, sql, params, prepare: queryOptions?.prepare === true }),
    exec: (sql: string) => call<void>({ op: 'exec', tx, sql }),
  });
  const outer = on(null);

  return {
    engine: 'pglite',
    ...outer,
    async transaction(fn) {
      const tx = await call<number>({ op: 'begin' });
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(on(tx));
      } catch (error) {
        // The body's error is the one to report; a failed rollback only means the database went away.
        await call({ op: 'end', tx, commit: false }).catch(() => {});
        throw error;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    // PGlite is a single connection already.
    session: (fn) => fn(outer),
    async close() {
      if (stopped) return;
      try {
        await call({ op: 'close' });
      } finally {
        stop(new Error('The embedded database is closed.'));
        await worker.terminate();
      }
    },
  };
}
