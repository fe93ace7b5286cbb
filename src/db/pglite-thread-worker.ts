// The embedded database's thread (pglite-thread.ts): opens PGlite when asked and runs what the
// server's thread sends, through the same Database as in-process (pglite.ts).
import { parentPort } from 'node:worker_threads';
import type { Database, Queryable } from './database.js';
import { openPGlite } from './pglite.js';
import { type Reply, type Request, thrownFields, type Value } from './pglite-thread-protocol.js';

const port = parentPort!;
const send = (reply: Reply) => port.postMessage(reply);

/** An open transaction: its handle, how to end it, and the promise PGlite's transaction() settles. */
interface Open {
  tx: Queryable;
  end(commit: boolean): void;
  done: Promise<unknown>;
}

let db: Database | null = null;
const transactions = new Map<number, Open>();

/** Rejects a transaction's body so that PGlite rolls back; not an error the server's thread sees. */
const ROLLBACK = Symbol('rollback');

/** Answers request `id` with what `work` settles to; a result that cannot be copied is answered as its error. */
function answer(id: number, work: Promise<Value>): void {
  work.then((value) => send({ id, ok: true, value })).catch((error: unknown) => send({ id, ok: false, error: thrownFields(error) }));
}

/** The database once `open` opened it. */
const current = (): Database => {
  if (!db) throw new Error('The embedded database is not open.');
  return db;
};

/** Opens a transaction and answers with its number once it is open; it stays open until `end`. */
function begin(id: number): void {
  const open = {} as Open;
  let opened = false;
  open.done = Promise.resolve().then(() =>
    current().transaction(
      (tx) =>
        new Promise<void>((resolve, reject) => {
          opened = true;
          open.tx = tx;
          open.end = (commit) => (commit ? resolve() : reject(ROLLBACK));
          transactions.set(id, open);
          send({ id, ok: true, value: id });
        }),
    ),
  );
  // Until the body runs, a failure is the begin's own (not open, or closed); after, it is the end's.
  open.done.catch((error: unknown) => {
    if (!opened) send({ id, ok: false, error: thrownFields(error) });
  });
}

/** The open transaction numbered `tx`. */
function transaction(tx: number): Open {
  const open = transactions.get(tx);
  if (!open) throw new Error(`Transaction ${tx} is not open.`);
  return open;
}

async function run(request: Exclude<Request, { op: 'begin' }>): Promise<Value> {
  const on = (tx: number | null): Queryable => (tx === null ? current() : transaction(tx).tx);
  switch (request.op) {
    case 'query':
      return on(request.tx).query(request.sql, request.params, { prepare: request.prepare });
    case 'exec':
      await on(request.tx).exec(request.sql);
      return null;
    case 'end': {
      const open = transaction(request.tx);
      transactions.delete(request.tx);
      open.end(request.commit);
      await open.done.catch((error: unknown) => {
        if (error !== ROLLBACK) throw error;
      });
      return null;
    }
    case 'open':
      if (db) throw new Error('The embedded database is open already.');
      db = await openPGlite(request.options);
      return null;
    case 'close':
      await current().close();
      return null;
  }
}

port.on('message', (request: Request) => {
  if (request.op === 'begin') begin(request.id);
  else answer(request.id, run(request));
});
