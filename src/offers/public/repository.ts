// SQL of the recipient's side: recipients by link token, signatures, subscriptions, media and
// download tokens. Every function but the token lookups is scoped by organisation.
import type { Queryable } from '../../db/database.js';
import type { RecipientRow } from '../recipients-repository.js';

export interface PublicRecipientRow extends RecipientRow {
  organisation_id: string;
  viewed_at: Date | null;
  signed_at: Date | null;
  signature_name: string | null;
  signature_image: Buffer | null;
  signature_ip: string | null;
  signature_user_agent: string | null;
  /** offerpay extension (migration 25): when the recipient declined, and why. */
  declined_at: Date | null;
  decline_reason: string | null;
}

const COLUMNS = `id, organisation_id, offer_id, email, first_name, last_name, role, signing_status, signing_log, signed_document_id,
  link_token_encrypted, created_at, viewed_at, signed_at, signature_name, signature_image, signature_ip, signature_user_agent,
  declined_at, decline_reason`;

/** The recipient a link token names (the token is the credential: looked up by its SHA-256 only). */
export async function findRecipientByTokenHash(q: Queryable, hash: Buffer): Promise<PublicRecipientRow | null> {
  const { rows } = await q.query<PublicRecipientRow>(`SELECT ${COLUMNS} FROM offer_recipients WHERE link_token_hash = $1`, [hash]);
  return rows[0] ?? null;
}

export async function findRecipient(q: Queryable, organisationId: string, id: string): Promise<PublicRecipientRow | null> {
  const { rows } = await q.query<PublicRecipientRow>(`SELECT ${COLUMNS} FROM offer_recipients WHERE id = $1 AND organisation_id = $2`, [
    id,
    organisationId,
  ]);
  return rows[0] ?? null;
}

export async function listRecipients(q: Queryable, organisationId: string, offerId: string): Promise<PublicRecipientRow[]> {
  const { rows } = await q.query<PublicRecipientRow>(
    `SELECT ${COLUMNS} FROM offer_recipients WHERE organisation_id = $1 AND offer_id = $2 ORDER BY seq`,
    [organisationId, offerId],
  );
  return rows;
}

export interface RecipientPatch {
  signing_status?: string;
  viewed_at?: Date;
  signed_at?: Date;
  signature_name?: string;
  signature_image?: Buffer;
  signature_ip?: string | null;
  signature_user_agent?: string | null;
  declined_at?: Date;
  decline_reason?: string | null;
}

/** Applies a patch and appends `logEntry` to signingLog; returns the row as written (callers keep their in-memory list current). */
export async function updateRecipient(
  q: Queryable,
  organisationId: string,
  id: string,
  patch: RecipientPatch,
  logEntry: string | null,
): Promise<PublicRecipientRow> {
  const columns = Object.keys(patch).filter((c) => (patch as Record<string, unknown>)[c] !== undefined);
  const sets = columns.map((c, i) => `${c} = $${i + 4}`);
  sets.push(`signing_log = CASE WHEN $3::text IS NULL THEN signing_log ELSE signing_log || jsonb_build_array($3::text) END`);
  const { rows } = await q.query<PublicRecipientRow>(
    `UPDATE offer_recipients SET ${sets.join(', ')} WHERE id = $1 AND organisation_id = $2 RETURNING ${COLUMNS}`,
    [id, organisationId, logEntry, ...columns.map((c) => (patch as Record<string, unknown>)[c])],
  );
  if (!rows[0]) throw new Error('recipient vanished inside its transaction');
  return rows[0];
}

/** Cancel-signing voids the signatures of the withdrawn version (the activities keep the record). */
export async function clearSignatures(q: Queryable, organisationId: string, offerId: string): Promise<void> {
  await q.query(
    `UPDATE offer_recipients SET signed_at = NULL, signature_name = NULL, signature_image = NULL, signature_ip = NULL, signature_user_agent = NULL
      WHERE organisation_id = $1 AND offer_id = $2 AND signed_at IS NOT NULL`,
    [organisationId, offerId],
  );
}

export async function insertSubscription(
  q: Queryable,
  s: { id: string; organisationId: string; offerId: string; status: string; createdAt: Date },
): Promise<void> {
  await q.query('INSERT INTO subscriptions (id, organisation_id, offer_id, status, created_at) VALUES ($1, $2, $3, $4, $5)', [
    s.id,
    s.organisationId,
    s.offerId,
    s.status,
    s.createdAt,
  ]);
}

// ---------- media ----------

export async function insertDownloadToken(
  q: Queryable,
  t: { hash: Buffer; organisationId: string; mediaId: string; expiresAt: Date; createdAt: Date },
): Promise<void> {
  await q.query(
    'INSERT INTO media_download_tokens (token_hash, organisation_id, media_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)',
    [t.hash, t.organisationId, t.mediaId, t.expiresAt, t.createdAt],
  );
}

/** The token row for this media id (a token never opens another media, nor another organisation's). */
export async function findDownloadToken(
  q: Queryable,
  hash: Buffer,
  mediaId: string,
): Promise<{ organisation_id: string; media_id: string; expires_at: Date } | null> {
  const { rows } = await q.query<{ organisation_id: string; media_id: string; expires_at: Date }>(
    'SELECT organisation_id, media_id, expires_at FROM media_download_tokens WHERE token_hash = $1 AND media_id = $2',
    [hash, mediaId],
  );
  return rows[0] ?? null;
}
