// SQL of the merchant request nonces (the timestamped signature scheme, timestamped-auth.ts).
import type { Queryable } from '../db/database.js';

/**
 * Spends a nonce for the organisation: true when it was unused. A nonce whose row has expired (its
 * request's timestamp left the window) is taken over, so whether a nonce is accepted never depends
 * on when retention last ran.
 */
export async function claimNonce(q: Queryable, n: { organisationId: string; nonce: string; expiresAt: Date; now: Date }): Promise<boolean> {
  const { rows } = await q.query(
    `INSERT INTO merchant_nonces AS n (organisation_id, nonce, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE n.expires_at < $4
     RETURNING 1`,
    [n.organisationId, n.nonce, n.expiresAt, n.now],
  );
  return rows.length > 0;
}

/** One batch of nonces expired before `cutoff`; ctids rather than keys, as webhooks/outbox-repository.ts explains. */
export async function deleteExpiredBatch(q: Queryable, cutoff: Date, limit: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM merchant_nonces
      WHERE ctid = ANY(ARRAY(SELECT ctid FROM merchant_nonces WHERE expires_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    [cutoff, limit],
  );
  return rowCount;
}
