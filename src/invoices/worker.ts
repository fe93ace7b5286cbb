// Durable invoice timers. Deadlines live in invoice_jobs, so they survive restarts; any number of
// server replicas poll the table. Lock order is the invoice row, then its job row (SKIP LOCKED), the
// same order every use case takes, so a worker and a payment or cancel never deadlock.
import { systemContext } from '../platform/context.js';
import type { Deps } from '../platform/deps.js';
import { startPeriodic, type Periodic } from '../platform/periodic.js';
import * as jobs from './jobs-repository.js';
import { expireIn } from './lifecycle.js';
import { lockInvoiceById } from './repository.js';

const BATCH = 50;
const RETRY_MS = 30_000;

/** Runs every due timer once; returns how many jobs it finished. Tests call it with a ManualClock. */
export async function runDueInvoiceTimers(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  let finished = 0;
  for (const due of await jobs.dueJobs(deps.db, now, BATCH)) {
    try {
      const done = await deps.db.transaction(async (tx) => {
        const invoice = await lockInvoiceById(tx, due.invoice_id);
        const job = await jobs.claimJob(tx, due.id, now);
        if (!job) return false; // another replica has it, finished it, or it was rescheduled
        // The closed set of job names, each with one handler.
        switch (job.name) {
          case 'invoice.expire': {
            const result = invoice
              ? await expireIn(systemContext(deps, invoice.organisation_id, 'invoice worker'), tx, invoice, now)
              : 'done';
            if (result === 'done') await jobs.deleteJob(tx, job.id);
            return result === 'done';
          }
        }
      });
      if (done) finished += 1;
    } catch (error) {
      await jobs.failJob(deps.db, due.id, (error as Error).message, new Date(now.getTime() + RETRY_MS)).catch(() => {});
    }
  }
  return finished;
}

export interface InvoiceWorkerOptions {
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/** Polls for due timers until stopped; `stop` waits for a run in progress. */
export function startInvoiceWorker(deps: Deps, options: InvoiceWorkerOptions = {}): Periodic {
  return startPeriodic(
    async (signal) => {
      // Drain: a full batch means more may be due.
      while (!signal.aborted && (await runDueInvoiceTimers(deps)) >= BATCH);
    },
    { intervalMs: options.intervalMs ?? 1000, onError: options.onError },
  );
}
