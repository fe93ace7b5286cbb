// SQL of the offer documents jobs (offer_document_jobs): one row per completed offer whose signed PDF
// and audit trail are still to be rendered. A job is held under a lease (`claim`, `lease_until`):
// the request that completes the offer holds it first; a worker claims it once the lease expired.
import type { Queryable } from '../db/database.js';
import type { Params } from '../db/write-batch.js';
import { SELLER_COLUMNS, type SellerRow } from '../documents/seller-input.js';
import type { ActivityRow } from './activities-repository.js';

export interface DocumentsJob {
  id: string;
  organisation_id: string;
  offer_id: string;
  /** The holder's claim: only the holder may finish or release the job. */
  claim: string;
  attempts: number;
}

const COLUMNS = 'id, organisation_id, offer_id, claim, attempts';

export interface NewDocumentsJob {
  id: string;
  organisationId: string;
  offerId: string;
  claim: string;
  leaseUntil: Date;
  now: Date;
}

/** The job row's INSERT, for the completing transaction's WriteBatch. */
export const jobInsertSql = (p: Params, j: NewDocumentsJob) =>
  `INSERT INTO offer_document_jobs (id, organisation_id, offer_id, claim, lease_until, created_at) VALUES (${p.add(j.id)}, ${p.add(j.organisationId)}, ${p.add(j.offerId)}, ${p.add(j.claim)}, ${p.add(j.leaseUntil)}, ${p.add(j.now)})`;

/** The job as inserted (attempts start at 1), without reading it back. */
export const insertedJob = (j: NewDocumentsJob): DocumentsJob => ({
  id: j.id,
  organisation_id: j.organisationId,
  offer_id: j.offerId,
  claim: j.claim,
  attempts: 1,
});

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

/** What rendering reads besides the offer and its recipients, in one statement: every activity of the offer and the seller. */
export interface RenderInputs extends SellerRow {
  activities: ActivityRow[];
}

export async function findRenderInputs(q: Queryable, organisationId: string, offerId: string): Promise<RenderInputs | null> {
  const { rows } = await q.query<SellerRow & { activities: (Omit<ActivityRow, 'created_at'> & { created_at: string })[] }>(
    `SELECT ${SELLER_COLUMNS},
            (SELECT coalesce(json_agg(json_build_object('id', a.id, 'type', a.type, 'data', a.data, 'created_at', a.created_at) ORDER BY a.seq), '[]')
               FROM offer_activities a WHERE a.organisation_id = o.id AND a.offer_id = $2) AS activities
       FROM organisations o WHERE o.id = $1`,
    [organisationId, offerId],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...row, activities: row.activities.map((a) => ({ ...a, created_at: new Date(a.created_at) })) };
}

/**
 * A JSON value as jsonb will keep it: object keys shortest first, then by their UTF-8 bytes (for the
 * audit trail rendered before its last activity is stored). Plain string-keyed data only: JavaScript
 * always lists integer-like keys first.
 */
export function asStoredJson<T>(value: T): T {
  const order = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(order);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v).map(([k, x]) => [Buffer.from(k), k, order(x)] as const);
    entries.sort(([a], [b]) => a.length - b.length || Buffer.compare(a, b));
    return Object.fromEntries(entries.map(([, k, x]) => [k, x]));
  };
  return order(JSON.parse(JSON.stringify(value))) as T;
}
