// V8's old-generation growth, by engine. The embedded engine's WebAssembly heap lives in the server's
// process, so there V8's heap grows in small steps (the peak under the bench: 200 MB instead of 343).
// On PostgreSQL the process holds no database, and the small steps cost GC CPU: on the uncached list a
// full mark-compact every ~0.2 s instead of every ~1.2 s (bench/README.md, *Session 12*). V8 reads this
// flag at each collection, so it can be set once the engine is known; the young-generation cap cannot,
// and stays in the start script for both engines.
import v8 from 'node:v8';
import type { Engine } from './db/database.js';

export const EMBEDDED_HEAP_GROWING_PERCENT = 25;

export interface HeapTuningEnv {
  execArgv: readonly string[];
  nodeOptions: string | undefined;
  setFlags: (flags: string) => void;
}

const processEnv = (): HeapTuningEnv => ({
  execArgv: process.execArgv,
  nodeOptions: process.env.NODE_OPTIONS,
  setFlags: v8.setFlagsFromString,
});

/** Sets the embedded engine's heap growth, unless the operator chose one (command line or NODE_OPTIONS). Returns whether it did. */
export function tuneHeap(engine: Engine, env: HeapTuningEnv = processEnv()): boolean {
  const given = [...env.execArgv, ...(env.nodeOptions ?? '').split(/\s+/)].some((flag) => /^--heap[-_]growing[-_]percent(=|$)/.test(flag));
  if (engine !== 'pglite' || given) return false;
  env.setFlags(`--heap-growing-percent=${EMBEDDED_HEAP_GROWING_PERCENT}`);
  return true;
}
