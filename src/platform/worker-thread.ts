// Starting a worker thread from a module beside the caller, compiled or not.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { reapplyV8Flags } from './v8-flags.js';

/**
 * A worker running the module `name` (without extension) beside `callerUrl`: the compiled .js, or —
 * when the caller is TypeScript run by tsx (tests, `npm run dev`) — the .ts one, with tsx registered
 * in the thread first (on Node 20 a worker does not inherit the parent's module hooks).
 */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  const worker = callerUrl.endsWith('.ts')
    ? underTsx(new URL(`./${name}.ts`, callerUrl).href, options)
    : new Worker(new URL(`./${name}.js`, callerUrl), options);
  // The thread's start put V8's run-time flags back (v8-flags.ts).
  worker.once('online', reapplyV8Flags);
  return worker;
}

function underTsx(entry: string, options: WorkerOptions): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
