// SQL for one-time links (invitations, password resets): stored as the token's hash.
import type { Queryable } from '../db/database.js';

export type LinkPurpose = 'invitation' | 'reset';

export interface LinkRow {
  user_id: string;
  purpose: LinkPurpose;
  expires_at: Date;
  used_at: Date | null;
}

export async function insertLink(
  q: Queryable,
  l: { tokenHash: Buffer; userId: string; purpose: LinkPurpose; now: Date; expiresAt: Date },
): Promise<void> {
  await q.query('INSERT INTO user_links (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    l.tokenHash,
    l.userId,
    l.purpose,
    l.now,
    l.expiresAt,
  ]);
}

/** The link, locked (redeeming it and marking it used happen in one transaction). */
export async function lockLink(q: Queryable, tokenHash: Buffer, purpose: LinkPurpose): Promise<LinkRow | null> {
  const { rows } = await q.query<LinkRow>(
    'SELECT user_id, purpose, expires_at, used_at FROM user_links WHERE token_hash = $1 AND purpose = $2 FOR UPDATE',
    [tokenHash, purpose],
  );
  return rows[0] ?? null;
}

export async function findLink(q: Queryable, tokenHash: Buffer, purpose: LinkPurpose): Promise<LinkRow | null> {
  const { rows } = await q.query<LinkRow>(
    'SELECT user_id, purpose, expires_at, used_at FROM user_links WHERE token_hash = $1 AND purpose = $2',
    [tokenHash, purpose],
  );
  return rows[0] ?? null;
}

/** Marks every open link of the user used (a redeemed link ends the others of its kind). */
export async function useLinks(q: Queryable, userId: string, now: Date): Promise<void> {
  await q.query('UPDATE user_links SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [userId, now]);
}
