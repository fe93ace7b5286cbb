// PDF rendering off the event loop. pdfkit lays text out synchronously: a large document on the main
// thread stalls every other request (a 1 MB offer took 14.5 s a render). Renders go to one long-lived
// worker thread with a bounded heap, one after another: a burst of renders queues instead of
// multiplying memory, and the thread's start-up (pdfkit, fonts) is paid once. A render that overruns
// its time limit ends the thread (and fails what it was holding); the next render starts a new one.
// The thread does not keep the process alive while idle.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../platform/worker-thread.js';
import type { DocumentModel } from './pdf.js';

const TIME_LIMIT_MS = 60_000;
const HEAP_LIMIT_MB = 512;

interface Pending {
  resolve(pdf: Buffer): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

/** Renders started in this process (tests read it to see that a version is rendered once). */
export const renderStats = { started: 0 };

const spawn = (): Worker => startWorker(import.meta.url, 'render-worker', { resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } });

function failAll(error: Error): void {
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    pending.delete(id);
    p.reject(error);
  }
}

function thread(): Worker {
  if (worker) return worker;
  const w = spawn();
  w.on('message', ({ id, pdf, error }: { id: number; pdf?: Uint8Array; error?: string }) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    if (pending.size === 0) w.unref();
    if (pdf) p.resolve(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    else p.reject(new Error(`PDF rendering failed: ${error}`));
  });
  const gone = (error: Error) => {
    if (worker === w) worker = null;
    failAll(error);
  };
  w.on('error', gone);
  w.on('exit', (code) => gone(new Error(`The PDF renderer exited (code ${code}).`)));
  worker = w;
  return w;
}

export function renderOffThread(model: DocumentModel): Promise<Buffer> {
  renderStats.started++;
  const w = thread();
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (worker === w) worker = null;
      failAll(new Error(`PDF rendering took longer than ${TIME_LIMIT_MS / 1000} s.`));
      void w.terminate();
    }, TIME_LIMIT_MS);
    timer.unref();
    pending.set(id, { resolve, reject, timer });
    w.ref();
    w.postMessage({ id, model });
  });
}
