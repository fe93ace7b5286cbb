// SQL for the e-mail queue. Each statement names the rows it touches.
import type { Queryable } from '../db/database.js';

export interface OfferInvitationData {
  offerId: string;
  recipientId: string;
  customMessage: string | null;
}

/** The invoice id as a string (bigint in the database). */
export interface PayerNoticeData {
  invoiceId: string;
}

export type EmailMessage =
  | { kind: 'offer_invitation'; data: OfferInvitationData }
  | { kind: 'invoice_underpaid' | 'invoice_overpaid'; data: PayerNoticeData };
export type EmailKind = EmailMessage['kind'];

export type EmailRow = EmailMessage & {
  id: string;
  organisation_id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
};

export async function insertEmail(q: Queryable, e: EmailMessage & { id: string; organisationId: string; now: Date }): Promise<void> {
  await q.query(
    `INSERT INTO email_messages (id, organisation_id, kind, data, status, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'pending', $5, $5)`,
    [e.id, e.organisationId, e.kind, JSON.stringify(e.data), e.now],
  );
}

/** Takes up to `limit` due messages under a lease (SKIP LOCKED: replicas share the queue); counts the attempt. */
export async function claimDue(q: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<EmailRow[]> {
  const { rows } = await q.query<EmailRow>(
    `UPDATE email_messages SET attempts = attempts + 1, lease_until = $2
      WHERE id IN (SELECT id FROM email_messages
                    WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
                    ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING id, organisation_id, kind, data, status, attempts, next_attempt_at, last_error, created_at, sent_at`,
    [now, leaseUntil, limit],
  );
  return rows;
}

export async function finish(
  q: Queryable,
  id: string,
  set: { status: 'pending' | 'sent' | 'failed'; nextAttemptAt: Date | null; error: string | null; now: Date },
): Promise<void> {
  await q.query(
    `UPDATE email_messages SET status = $2, next_attempt_at = coalesce($3, next_attempt_at), last_error = $4, lease_until = NULL,
            sent_at = CASE WHEN $2 = 'sent' THEN $5::timestamptz ELSE sent_at END
      WHERE id = $1`,
    [id, set.status, set.nextAttemptAt, set.error, set.now],
  );
}

/**
 * One batch of finished (sent or failed) messages created before `cutoff`, for the retention job. A
 * message finishes within hours of its creation (retries stop after MAX_ATTEMPTS), so its age is
 * measured from creation. Pending messages are never deleted.
 */
export async function deleteFinishedBatch(q: Queryable, cutoff: Date, limit: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM email_messages
      WHERE id = ANY(ARRAY(SELECT id FROM email_messages
                    WHERE status IN ('sent', 'failed') AND created_at < $1
                    LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    [cutoff, limit],
  );
  return rowCount;
}
