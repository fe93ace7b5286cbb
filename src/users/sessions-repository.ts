// SQL for console sessions: rows keyed by the hash of the cookie's random id.
import type { Queryable } from '../db/database.js';
import type { UserRow } from './repository.js';

export interface SessionWithUser {
  created_at: Date;
  last_seen_at: Date;
  user: Omit<UserRow, 'password_hash'>;
}

export async function insertSession(q: Queryable, s: { idHash: Buffer; userId: string; organisationId: string; now: Date }): Promise<void> {
  await q.query('INSERT INTO user_sessions (id_hash, user_id, organisation_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)', [
    s.idHash,
    s.userId,
    s.organisationId,
    s.now,
  ]);
}

export async function findSession(q: Queryable, idHash: Buffer): Promise<SessionWithUser | null> {
  const { rows } = await q.query<{
    created_at: Date;
    last_seen_at: Date;
    id: string;
    organisation_id: string;
    email: string;
    name: string;
    role: UserRow['role'];
    locale: UserRow['locale'];
    user_created_at: Date;
  }>(
    `SELECT s.created_at, s.last_seen_at, u.id, u.organisation_id, u.email, u.name, u.role, u.locale, u.created_at AS user_created_at
       FROM user_sessions s JOIN users u ON u.id = s.user_id AND u.organisation_id = s.organisation_id
      WHERE s.id_hash = $1`,
    [idHash],
    { prepare: true }, // every console request
  );
  const r = rows[0];
  if (!r) return null;
  return {
    created_at: r.created_at,
    last_seen_at: r.last_seen_at,
    user: {
      id: r.id,
      organisation_id: r.organisation_id,
      email: r.email,
      name: r.name,
      role: r.role,
      locale: r.locale,
      created_at: r.user_created_at,
    },
  };
}

export async function touchSession(q: Queryable, idHash: Buffer, now: Date): Promise<void> {
  await q.query('UPDATE user_sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now]);
}

export async function deleteSession(q: Queryable, idHash: Buffer): Promise<void> {
  await q.query('DELETE FROM user_sessions WHERE id_hash = $1', [idHash]);
}

export async function deleteUserSessions(q: Queryable, userId: string): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM user_sessions WHERE user_id = $1', [userId]);
  return rowCount;
}
