// SQL for an offer's recipients. Every function is scoped by organisation.
import type { Queryable } from '../db/database.js';

export interface RecipientRow {
  id: string;
  offer_id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: string;
  signing_status: string;
  signing_log: string[];
  signed_document_id: string | null;
  link_token_encrypted: string;
  created_at: Date;
}

export const RECIPIENT_COLUMNS =
  'id, offer_id, email, first_name, last_name, role, signing_status, signing_log, signed_document_id, link_token_encrypted, created_at';

/** null when the offer already has a recipient with this e-mail address. */
export async function insertRecipient(
  q: Queryable,
  r: {
    id: string;
    organisationId: string;
    offerId: string;
    email: string;
    firstName: string | null;
    lastName: string | null;
    role: string;
    linkTokenHash: Buffer;
    linkTokenEncrypted: string;
    createdAt: Date;
  },
): Promise<RecipientRow | null> {
  const { rows } = await q.query<RecipientRow>(
    `INSERT INTO offer_recipients (id, organisation_id, offer_id, email, first_name, last_name, role, link_token_hash, link_token_encrypted, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (offer_id, email) DO NOTHING RETURNING ${RECIPIENT_COLUMNS}`,
    [r.id, r.organisationId, r.offerId, r.email, r.firstName, r.lastName, r.role, r.linkTokenHash, r.linkTokenEncrypted, r.createdAt],
  );
  return rows[0] ?? null;
}

export async function listRecipients(q: Queryable, organisationId: string, offerIds: readonly string[]): Promise<RecipientRow[]> {
  if (offerIds.length === 0) return [];
  const { rows } = await q.query<RecipientRow>(
    `SELECT ${RECIPIENT_COLUMNS} FROM offer_recipients WHERE organisation_id = $1 AND offer_id = ANY($2::text[]) ORDER BY offer_id, seq`,
    [organisationId, offerIds],
  );
  return rows;
}

export async function deleteRecipient(q: Queryable, organisationId: string, offerId: string, recipientId: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM offer_recipients WHERE id = $1 AND offer_id = $2 AND organisation_id = $3', [
    recipientId,
    offerId,
    organisationId,
  ]);
  return rowCount > 0;
}

export async function setSigningStatus(q: Queryable, organisationId: string, recipientId: string, status: string): Promise<void> {
  await q.query('UPDATE offer_recipients SET signing_status = $3 WHERE id = $1 AND organisation_id = $2', [
    recipientId,
    organisationId,
    status,
  ]);
}
