// SQL for durable invoice timers (invoice_jobs). Lock order everywhere: the invoice row first, then
// its job row.
import type { Queryable } from '../db/database.js';

export const JOB_NAMES = ['invoice.expire'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export async function scheduleJob(q: Queryable, organisationId: string, invoiceId: bigint, name: JobName, runAt: Date): Promise<void> {
  await q.query(
    `INSERT INTO invoice_jobs (organisation_id, invoice_id, name, run_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (invoice_id, name) DO UPDATE SET run_at = EXCLUDED.run_at, attempts = 0, last_error = NULL`,
    [organisationId, invoiceId, name, runAt],
  );
}

export async function cancelJobs(q: Queryable, invoiceId: bigint): Promise<void> {
  await q.query('DELETE FROM invoice_jobs WHERE invoice_id = $1', [invoiceId]);
}

export interface JobRow {
  id: bigint;
  organisation_id: string;
  invoice_id: bigint;
  name: JobName;
  run_at: Date;
  attempts: number;
}

/** Due jobs, unlocked: the worker then locks invoice and job in that order. */
export async function dueJobs(q: Queryable, now: Date, limit: number): Promise<JobRow[]> {
  const { rows } = await q.query<JobRow>('SELECT * FROM invoice_jobs WHERE run_at <= $1 ORDER BY run_at, id LIMIT $2', [now, limit], {
    prepare: true, // every timer tick
  });
  return rows;
}

/** Claims one job; null when another worker holds or finished it, or it was rescheduled. */
export async function claimJob(q: Queryable, id: bigint, now: Date): Promise<JobRow | null> {
  const { rows } = await q.query<JobRow>('SELECT * FROM invoice_jobs WHERE id = $1 AND run_at <= $2 FOR UPDATE SKIP LOCKED', [id, now]);
  return rows[0] ?? null;
}

export async function deleteJob(q: Queryable, id: bigint): Promise<void> {
  await q.query('DELETE FROM invoice_jobs WHERE id = $1', [id]);
}

export async function failJob(q: Queryable, id: bigint, error: string, retryAt: Date): Promise<void> {
  await q.query('UPDATE invoice_jobs SET attempts = attempts + 1, last_error = $2, run_at = $3 WHERE id = $1', [id, error, retryAt]);
}
