// SQL for claiming the outbox (the dispatcher, all organisations) and pruning it (the retention job).
// Writing to it is platform/outbox.ts's `enqueue`, inside each business transaction.
import type { Queryable } from '../db/database.js';

export interface OutboxRow {
  id: bigint;
  organisation_id: string;
  event_id: string;
  topic: string;
  payload: Record<string, unknown>;
  /** Events with the same key reach each target in outbox id order (null: unordered). */
  ordering_key: string | null;
  /** The exact bytes to send, when they were fixed at enqueue (merchant callbacks). */
  body: string | null;
  created_at: Date;
}

/** Claims undispatched outbox rows; other workers skip them until this transaction ends. */
export async function claimOutbox(tx: Queryable, limit: number): Promise<OutboxRow[]> {
  const { rows } = await tx.query<OutboxRow>(
    `SELECT id, organisation_id, event_id, topic, payload, ordering_key, body, created_at FROM outbox
      WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function markDispatched(tx: Queryable, ids: bigint[], now: Date): Promise<void> {
  await tx.query('UPDATE outbox SET dispatched_at = $2 WHERE id = ANY($1::bigint[])', [ids.map(String), now]);
}

// `id = ANY(ARRAY(subquery))` rather than `id IN (subquery)`: the planner turns IN into a hash
// semi-join that scans the whole table for every batch; ANY of an array is a primary-key lookup.

/** One batch of dispatched outbox rows. The dispatcher never touches a row again once `dispatched_at` is set. */
export async function deleteDispatchedBatch(conn: Queryable, cutoff: Date, limit: number): Promise<number> {
  const { rowCount } = await conn.query(
    `DELETE FROM outbox
      WHERE id = ANY(ARRAY(SELECT id FROM outbox
                    WHERE dispatched_at IS NOT NULL AND dispatched_at < $1
                    LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    [cutoff, limit],
  );
  return rowCount;
}
