// SQL of the idempotency keys (platform/idempotency.ts): claim, read, answer, release, prune.
import type { Queryable } from '../db/database.js';

export interface StoredKey {
  fingerprint: Buffer;
  locked_until: Date;
  response_status: number | null;
  response_content_type: string | null;
  response_body: string | null;
}

/**
 * Claims a key for a first request: true when this request may run. A key created at or before
 * `expiredBefore` is past its lifetime and is taken over as if new.
 */
export async function claimKey(
  q: Queryable,
  k: { organisationId: string; key: string; fingerprint: Buffer; lockedUntil: Date; now: Date; expiredBefore: Date },
): Promise<boolean> {
  const { rows } = await q.query(
    `INSERT INTO idempotency_keys AS k (organisation_id, key, fingerprint, locked_until, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (organisation_id, key) DO UPDATE
       SET fingerprint = EXCLUDED.fingerprint, locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at,
           response_status = NULL, response_content_type = NULL, response_body = NULL
     WHERE k.created_at <= $6
     RETURNING 1`,
    [k.organisationId, k.key, k.fingerprint, k.lockedUntil, k.now, k.expiredBefore],
  );
  return rows.length > 0;
}

export async function findKey(q: Queryable, organisationId: string, key: string): Promise<StoredKey | null> {
  const { rows } = await q.query<StoredKey>(
    `SELECT fingerprint, locked_until, response_status, response_content_type, response_body
       FROM idempotency_keys WHERE organisation_id = $1 AND key = $2`,
    [organisationId, key],
  );
  const row = rows[0];
  // PGlite returns bytea as a plain Uint8Array.
  return row ? { ...row, fingerprint: Buffer.from(row.fingerprint) } : null;
}

export async function answerKey(
  q: Queryable,
  organisationId: string,
  key: string,
  status: number,
  contentType: string | null,
  body: string,
): Promise<void> {
  await q.query(
    'UPDATE idempotency_keys SET response_status = $3, response_content_type = $4, response_body = $5 WHERE organisation_id = $1 AND key = $2',
    [organisationId, key, status, contentType, body],
  );
}

/** Forgets a key whose request failed on the server's side, so that a retry runs it again. */
export async function releaseKey(q: Queryable, organisationId: string, key: string): Promise<void> {
  await q.query('DELETE FROM idempotency_keys WHERE organisation_id = $1 AND key = $2', [organisationId, key]);
}

/** One batch of keys created before `cutoff` (past their lifetime); ctids rather than ids, as webhooks/outbox-repository.ts explains. */
export async function deleteExpiredBatch(q: Queryable, cutoff: Date, limit: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM idempotency_keys
      WHERE ctid = ANY(ARRAY(SELECT ctid FROM idempotency_keys WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    [cutoff, limit],
  );
  return rowCount;
}
