// SQL of the recipient's side: recipients by link token, signatures, subscriptions, media and
// download tokens. Every function but the token lookups is scoped by organisation.
import type { Queryable } from '../../db/database.js';
import { Params } from '../../db/write-batch.js';
import type { RecipientRow } from '../recipients-repository.js';
import { offerColumns, type OfferRow } from '../repository.js';

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
  const { rows } = await q.query<PublicRecipientRow>(`SELECT ${COLUMNS} FROM offer_recipients WHERE link_token_hash = $1`, [hash], {
    prepare: true, // every recipient page request
  });
  return rows[0] ?? null;
}

/**
 * Locks the offer a link token names (SELECT … FOR UPDATE) and returns it with the link's recipient
 * id, in one statement. Only the offer row is locked and read as it is after the wait: read the
 * recipients in a statement of their own after this one, which then sees every commit before the lock.
 */
export async function lockOfferByTokenHash(q: Queryable, hash: Buffer): Promise<{ offer: OfferRow; recipientId: string } | null> {
  const { rows } = await q.query<OfferRow & { link_recipient_id: string }>(
    `SELECT ${offerColumns('o')}, r.id AS link_recipient_id FROM offer_recipients r
       JOIN offers o ON o.id = r.offer_id AND o.organisation_id = r.organisation_id
      WHERE r.link_token_hash = $1 FOR UPDATE OF o`,
    [hash],
  );
  const row = rows[0];
  if (!row) return null;
  const { link_recipient_id: recipientId, ...offer } = row;
  return { offer, recipientId };
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

/** The UPDATE of one recipient (no RETURNING): sets the patch and appends `log` to signingLog. */
export function recipientUpdateSql(p: Params, organisationId: string, id: string, patch: RecipientPatch, log: readonly string[]): string {
  const columns = Object.keys(patch).filter((c) => (patch as Record<string, unknown>)[c] !== undefined);
  const sets = columns.map((c) => `${c} = ${p.add((patch as Record<string, unknown>)[c])}`);
  if (log.length > 0) sets.push(`signing_log = signing_log || ${p.add(JSON.stringify(log), 'jsonb')}`);
  if (sets.length === 0) throw new Error('empty recipient update');
  return `UPDATE offer_recipients SET ${sets.join(', ')} WHERE id = ${p.add(id)} AND organisation_id = ${p.add(organisationId)}`;
}

/** The row as that UPDATE leaves it, without asking the database. */
export function withRecipientWrite(row: PublicRecipientRow, patch: RecipientPatch, log: readonly string[]): PublicRecipientRow {
  const next: Record<string, unknown> = { ...row, signing_log: [...row.signing_log, ...log] };
  for (const [c, value] of Object.entries(patch)) if (value !== undefined) next[c] = value;
  return next as unknown as PublicRecipientRow;
}

/** Applies a patch and appends `logEntry` to signingLog; returns the row as written (callers keep their in-memory list current). */
export async function updateRecipient(
  q: Queryable,
  organisationId: string,
  id: string,
  patch: RecipientPatch,
  logEntry: string | null,
): Promise<PublicRecipientRow> {
  const p = new Params();
  const sql = recipientUpdateSql(p, organisationId, id, patch, logEntry === null ? [] : [logEntry]);
  const { rows } = await q.query<PublicRecipientRow>(`${sql} RETURNING ${COLUMNS}`, p.values);
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

export interface NewSubscription {
  id: string;
  organisationId: string;
  offerId: string;
  status: string;
  createdAt: Date;
}

/** The subscriptions row's INSERT, for a WriteBatch. */
export const subscriptionInsertSql = (p: Params, s: NewSubscription) =>
  `INSERT INTO subscriptions (id, organisation_id, offer_id, status, created_at) VALUES (${p.add(s.id)}, ${p.add(s.organisationId)}, ${p.add(s.offerId)}, ${p.add(s.status)}, ${p.add(s.createdAt)})`;

export async function insertSubscription(q: Queryable, s: NewSubscription): Promise<void> {
  const p = new Params();
  await q.query(subscriptionInsertSql(p, s), p.values);
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
