// SQL of the offer documents jobs (offer_document_jobs): one row per completed offer whose signed PDF
// and audit trail are still to be rendered. A job is held under a lease (`claim`, `lease_until`):
// the request that completes the offer holds it first; a worker claims it once the lease expired.
import type { Queryable } from '../db/database.js';

export interface DocumentsJob {
  id: string;
  organisation_id: string;
  offer_id: string;
  /** The holder's claim: only the holder may finish or release the job. */
  claim: string;
  attempts: number;
}

const COLUMNS = 'id, organisation_id, offer_id, claim, attempts';

/** Written in the completing transaction, leased to the request that completes the offer. */
export async function insertJob(
  q: Queryable,
  j: { id: string; organisationId: string; offerId: string; claim: string; leaseUntil: Date; now: Date },
): Promise<DocumentsJob> {
  const { rows } = await q.query<DocumentsJob>(
    `INSERT INTO offer_document_jobs (id, organisation_id, offer_id, claim, lease_until, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [j.id, j.organisationId, j.offerId, j.claim, j.leaseUntil, j.now],
  );
  return rows[0]!;
}

/** Takes one job whose lease expired (SKIP LOCKED: two replicas never take the same one); counts the attempt. */
export async function claimExpired(q: Queryable, now: Date, claim: string, leaseUntil: Date): Promise<DocumentsJob | null> {
  const { rows } = await q.query<DocumentsJob>(
    `UPDATE offer_document_jobs SET claim = $2, lease_until = $3, attempts = attempts + 1
      WHERE id IN (SELECT id FROM offer_document_jobs WHERE lease_until <= $1 ORDER BY lease_until LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [now, claim, leaseUntil],
  );
  return rows[0] ?? null;
}

/** Deletes the job if the caller still holds it; false when another process took it over. */
export async function deleteJob(q: Queryable, job: Pick<DocumentsJob, 'id' | 'claim'>): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM offer_document_jobs WHERE id = $1 AND claim = $2', [job.id, job.claim]);
  return rowCount > 0;
}

/** Gives a failed job back: it may be claimed again from `retryAt`. */
export async function releaseJob(q: Queryable, job: Pick<DocumentsJob, 'id' | 'claim'>, retryAt: Date, error: string): Promise<void> {
  await q.query('UPDATE offer_document_jobs SET lease_until = $3, last_error = $4 WHERE id = $1 AND claim = $2', [
    job.id,
    job.claim,
    retryAt,
    error.slice(0, 1000),
  ]);
}

/** An activity's data as offer_activities will keep it (jsonb orders keys its own way), for the audit trail rendered before the insert. */
export async function asStoredJson(q: Queryable, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { rows } = await q.query<{ data: Record<string, unknown> }>('SELECT $1::jsonb AS data', [JSON.stringify(data)]);
  return rows[0]!.data;
}
