// V8 flags the server sets at run time (the heap's growth by engine, the embedded engine's baseline-only
// WebAssembly). On Node 20, starting a worker thread puts V8's flags back to the command line's (a
// young generation held at 1 MB semi-spaces grew to 16 MB once the embedded database's thread started;
// Node 24 keeps them), so every worker start applies them again (worker-thread.ts).
import v8 from 'node:v8';

/** WebAssembly compiled by V8's baseline compiler only: the embedded engine's default (db/pglite.ts). */
export const BASELINE_WASM_ONLY = '--liftoff-only';

const applied: string[] = [];

/** Sets a V8 flag for this process and keeps it set across worker starts. */
export function setV8Flag(flag: string): void {
  v8.setFlagsFromString(flag);
  if (!applied.includes(flag)) applied.push(flag);
}

/** Sets again every flag setV8Flag set: what a worker's start may have undone. */
export function reapplyV8Flags(): void {
  for (const flag of applied) v8.setFlagsFromString(flag);
}
