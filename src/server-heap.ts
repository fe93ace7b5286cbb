// V8's heap, by engine. The embedded engine's WebAssembly heap lives in the server's process, so there
// V8's heaps stay small: the young generation keeps its first size, and the old generation grows in
// small steps (the peak under the bench: 200 MB instead of 343). On PostgreSQL the process holds no
// database, and small heaps only cost GC CPU: a young generation held at 2 MB semi-spaces cost a signed
// create about 10 % more instructions, and small old-generation steps made the uncached list run a full
// mark-compact every ~0.2 s instead of every ~1.2 s (bench/README.md, *Session 12* and *Session 16*).
import type { Engine } from './db/database.js';
import { setV8Flag } from './platform/v8-flags.js';

export const EMBEDDED_HEAP_GROWING_PERCENT = 25;

export interface HeapTuningEnv {
  execArgv: readonly string[];
  nodeOptions: string | undefined;
  setFlags: (flags: string) => void;
}

const processEnv = (): HeapTuningEnv => ({
  execArgv: process.execArgv,
  nodeOptions: process.env.NODE_OPTIONS,
  setFlags: setV8Flag,
});

/** Whether the operator gave one of these V8 flags (command line or NODE_OPTIONS; V8 reads `_` as `-`). */
const operatorChose = (env: HeapTuningEnv, flag: RegExp): boolean =>
  [...env.execArgv, ...(env.nodeOptions ?? '').split(/\s+/)].some((given) => flag.test(given.replaceAll('_', '-')));

/** Sets the embedded engine's heap growth, unless the operator chose one (command line or NODE_OPTIONS). Returns whether it did. */
export function tuneHeap(engine: Engine, env: HeapTuningEnv = processEnv()): boolean {
  if (engine !== 'pglite' || operatorChose(env, /^--heap-growing-percent(=|$)/)) return false;
  env.setFlags(`--heap-growing-percent=${EMBEDDED_HEAP_GROWING_PERCENT}`);
  return true;
}

/**
 * Keeps V8's young generation at its first size (1 MB semi-spaces) on the embedded engine, unless the
 * operator sized it. Unlike its maximum (`--max-semi-space-size`, read only at the process's start),
 * V8 reads the growth factor each time it would grow the young generation, so this must run before the
 * process has allocated much: main.ts imports server-young-generation.ts first, before the engine is
 * opened, which asks config.ts's chosenEngine. Returns whether it set it.
 */
export function tuneYoungGeneration(engine: Engine, env: HeapTuningEnv = processEnv()): boolean {
  if (engine !== 'pglite' || operatorChose(env, /^--((max|min)-semi-space-size|semi-space-growth-factor)(=|$)/)) return false;
  env.setFlags('--semi-space-growth-factor=1');
  return true;
}
