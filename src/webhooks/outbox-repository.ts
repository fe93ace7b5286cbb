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

/**
 * Claims undispatched outbox rows and marks them dispatched, in one statement: other workers skip
 * them (SKIP LOCKED) and, once the caller's transaction commits with their deliveries, never see
 * them again; if it rolls back, they are undispatched again. `ORDER BY id` keeps outbox order.
 */
export async function claimOutbox(tx: Queryable, limit: number, now: Date): Promise<OutboxRow[]> {
  const { rows } = await tx.query<OutboxRow>(
    `UPDATE outbox SET dispatched_at = $2
      WHERE id = ANY(ARRAY(SELECT id FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED))
      RETURNING id, organisation_id, event_id, topic, payload, ordering_key, body, created_at`,
    [limit, now],
    { prepare: true },
  );
  // RETURNING follows no order: outbox order is what the deliveries' seq and the tests rely on.
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether any outbox row waits for dispatch: one probe of the partial index, no transaction, no lock. */
export async function hasUndispatched(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ waiting: boolean }>('SELECT EXISTS (SELECT 1 FROM outbox WHERE dispatched_at IS NULL) AS waiting', [], {
    prepare: true,
  });
  return rows[0]!.waiting;
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
