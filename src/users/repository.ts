// SQL for users. Every statement names the organisation it reads, except sign-in, which finds the
// accounts of an e-mail address before anyone is known.
import type { Queryable } from '../db/database.js';
import type { Role } from './permissions.js';

export interface UserRow {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  locale: 'de' | 'en' | null;
  created_at: Date;
}

const COLUMNS = 'id, organisation_id, email, name, role, password_hash, locale, created_at';

export async function insertUser(
  q: Queryable,
  u: { id: string; organisationId: string; email: string; name: string; role: Role; passwordHash: string | null; now: Date },
): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(
    `INSERT INTO users (id, organisation_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [u.id, u.organisationId, u.email, u.name, u.role, u.passwordHash, u.now],
  );
  return rows[0] ?? null;
}

export async function listUsers(q: Queryable, organisationId: string): Promise<UserRow[]> {
  const { rows } = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE organisation_id = $1 ORDER BY lower(email)`, [
    organisationId,
  ]);
  return rows;
}

export async function findUser(q: Queryable, organisationId: string, id: string): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
  return rows[0] ?? null;
}

/** The user by id alone: for a one-time link, whose token names the user. */
export async function findUserById(q: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Sign-in: the accounts with this address in any organisation, oldest first (at most a few). */
export async function findUsersByEmail(q: Queryable, email: string): Promise<UserRow[]> {
  const { rows } = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1) ORDER BY created_at, id LIMIT 5`, [
    email,
  ]);
  return rows;
}

export async function setPassword(q: Queryable, id: string, passwordHash: string): Promise<void> {
  await q.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
}

export async function setRole(q: Queryable, organisationId: string, id: string, role: Role): Promise<void> {
  await q.query('UPDATE users SET role = $3 WHERE organisation_id = $1 AND id = $2', [organisationId, id, role]);
}

export async function deleteUser(q: Queryable, organisationId: string, id: string): Promise<void> {
  await q.query('DELETE FROM users WHERE organisation_id = $1 AND id = $2', [organisationId, id]);
}

/** Locks the organisation's owners (role changes and removals serialise on them: the last owner stays). */
export async function lockOwners(q: Queryable, organisationId: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>("SELECT id FROM users WHERE organisation_id = $1 AND role = 'owner' FOR UPDATE", [
    organisationId,
  ]);
  return rows.map((r) => r.id);
}

export async function setLocale(q: Queryable, organisationId: string, id: string, locale: 'de' | 'en' | null): Promise<void> {
  await q.query('UPDATE users SET locale = $3 WHERE organisation_id = $1 AND id = $2', [organisationId, id, locale]);
}
