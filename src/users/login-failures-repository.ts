// SQL for failed sign-ins: one row per failure under a hashed key (an address or an e-mail, never stored in clear).
import type { Queryable } from '../db/database.js';

export async function insertFailure(q: Queryable, keyHash: Buffer, now: Date): Promise<void> {
  await q.query('INSERT INTO login_failures (key_hash, failed_at) VALUES ($1, $2)', [keyHash, now]);
}

/** The failures of the key since `since`, oldest first (at most `limit`). */
export async function recentFailures(q: Queryable, keyHash: Buffer, since: Date, limit: number): Promise<Date[]> {
  const { rows } = await q.query<{ failed_at: Date }>(
    'SELECT failed_at FROM login_failures WHERE key_hash = $1 AND failed_at > $2 ORDER BY failed_at DESC LIMIT $3',
    [keyHash, since, limit],
  );
  return rows.map((r) => r.failed_at).reverse();
}

export async function clearFailures(q: Queryable, keyHash: Buffer): Promise<void> {
  await q.query('DELETE FROM login_failures WHERE key_hash = $1', [keyHash]);
}

/** Old rows go: nothing older than the window matters. */
export async function pruneFailures(q: Queryable, before: Date): Promise<void> {
  await q.query('DELETE FROM login_failures WHERE failed_at < $1', [before]);
}
