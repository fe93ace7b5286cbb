// The messages between the server's thread and the embedded database's (pglite-thread.ts,
// pglite-thread-worker.ts). The first is `open`: the thread loads PGlite's modules as soon as it
// starts, while a new database may still be being created. A transaction is a number: its statements
// name it, and the worker holds PGlite's transaction open until `end` arrives.
import type { QueryResult } from './database.js';

export interface ThreadOptions {
  dataDir: string;
  optimizeWasm: boolean;
}

export type Request =
  | { id: number; op: 'open'; options: ThreadOptions }
  | { id: number; op: 'query'; tx: number | null; sql: string; params: readonly unknown[]; prepare: boolean }
  | { id: number; op: 'exec'; tx: number | null; sql: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** What a database error carries across: its message and every plain field (code, constraint, detail …). */
export type ThrownFields = { message: string } & Record<string, string | number | boolean | null>;

/** A statement's result, a transaction's number (begin), or nothing. */
export type Value = QueryResult<unknown> | number | null;

export type Reply = { id: number; ok: true; value: Value } | { id: number; ok: false; error: ThrownFields };

/** The fields of anything thrown that survive a copy between threads: never a stack from the other thread. */
export function thrownFields(error: unknown): ThrownFields {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const fields: ThrownFields = { message: '' };
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value as string | number | boolean | null;
  }
  const { message, name } = error as { message?: unknown; name?: unknown };
  fields.message = typeof message === 'string' ? message : JSON.stringify(fields);
  if (typeof name === 'string') fields.name = name;
  return fields;
}
