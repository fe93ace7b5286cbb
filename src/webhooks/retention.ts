// Retention: deletes dispatched outbox rows, finished webhook deliveries (with their attempt log) and
// finished e-mail messages older than RETENTION_DAYS, and idempotency keys past their 24 hours, in small batches so that no statement holds many locks or runs long.
// Nothing that still has work to do is ever deleted: undispatched outbox rows and pending or
// delivering deliveries stay, whatever their age.
//
// Several replicas: one run at a time holds a session-level advisory try-lock; a replica that does
// not get it skips that run (another one is pruning). Even without the lock the deletes would be
// harmless to race: each batch locks its rows with SKIP LOCKED, and deleting is idempotent.
import type { Queryable } from '../db/database.js';
import { deleteFinishedBatch as deleteEmailBatch } from '../notifications/repository.js';
import type { Deps } from '../platform/deps.js';
import { IDEMPOTENCY_KEY_TTL_MS } from '../platform/idempotency.js';
import { deleteExpiredBatch as deleteIdempotencyKeyBatch } from '../platform/idempotency-repository.js';
import { startPeriodic, type Periodic } from '../platform/periodic.js';

const LOCK_KEY = 'offerpay:retention';
const DAY_MS = 24 * 60 * 60_000;

export interface RetentionOptions {
  /** Rows deleted per statement (default 1000); a shorter batch ends the loop. */
  batchSize?: number;
  /** Checked between batches: a stopping server does not wait for a long backlog. */
  signal?: AbortSignal;
}

export interface PruneResult {
  /** False when another replica held the retention lock (nothing was done). */
  ran: boolean;
  outbox: number;
  deliveries: number;
  attempts: number;
  emails: number;
  idempotencyKeys: number;
}

type RetentionDeps = Pick<Deps, 'db' | 'config'>;

export const DEFAULT_BATCH_SIZE = 1000;

/** The oldest time kept: rows that finished before it are deleted. */
export const retentionCutoff = (now: Date, retentionDays: number): Date => new Date(now.getTime() - retentionDays * DAY_MS);

// `id = ANY(ARRAY(subquery))` rather than `id IN (subquery)`: the planner turns IN into a hash
// semi-join that scans the whole table for every batch; ANY of an array is a primary-key lookup.

/** One batch of dispatched outbox rows. The dispatcher never touches a row again once `dispatched_at` is set. */
async function deleteOutboxBatch(conn: Queryable, cutoff: Date, limit: number): Promise<number> {
  const { rowCount } = await conn.query(
    `DELETE FROM outbox
      WHERE id = ANY(ARRAY(SELECT id FROM outbox
                    WHERE dispatched_at IS NOT NULL AND dispatched_at < $1
                    LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    [cutoff, limit],
  );
  return rowCount;
}

/**
 * One batch of finished deliveries and their attempts.
 *
 * When a delivery finished: `delivered_at` is set for delivered rows only; there is no column for
 * when a delivery failed. `updated_at` is written by every status change (claim, attempt result,
 * success, abandoning on disable, redelivery) and by nothing else, and a delivered or failed row is
 * not changed again until a redelivery makes it pending. So for a finished row `updated_at` is the
 * time it finished — the one column that means the same for both outcomes.
 *
 * The rows are locked (SKIP LOCKED) with the status re-checked on the latest version, so a delivery
 * being redelivered at this moment is either skipped or seen as pending, never deleted. The attempts
 * are deleted explicitly so that they can be counted; the foreign key's ON DELETE CASCADE would
 * remove them anyway.
 */
async function deleteDeliveriesBatch(conn: Queryable, cutoff: Date, limit: number): Promise<{ deliveries: number; attempts: number }> {
  const { rows } = await conn.query<{ deliveries: number; attempts: number }>(
    `WITH victims AS (
       SELECT id FROM webhook_deliveries
        WHERE status IN ('delivered', 'failed') AND updated_at < $1
        LIMIT $2 FOR UPDATE SKIP LOCKED
     ), gone_attempts AS (
       DELETE FROM webhook_delivery_attempts WHERE delivery_id = ANY(ARRAY(SELECT id FROM victims)) RETURNING 1
     ), gone_deliveries AS (
       DELETE FROM webhook_deliveries WHERE id = ANY(ARRAY(SELECT id FROM victims)) RETURNING 1
     )
     SELECT (SELECT count(*) FROM gone_deliveries)::int AS deliveries, (SELECT count(*) FROM gone_attempts)::int AS attempts`,
    [cutoff, limit],
  );
  return rows[0] ?? { deliveries: 0, attempts: 0 };
}

/**
 * Deletes what finished before `now - RETENTION_DAYS`, batch by batch, each batch its own short
 * statement (and so its own transaction), until a batch comes back short. Returns the counts.
 */
export async function pruneOnce(deps: RetentionDeps, now: Date, options: RetentionOptions = {}): Promise<PruneResult> {
  const limit = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`batchSize must be a positive integer, got ${limit}`);
  const cutoff = retentionCutoff(now, deps.config.retentionDays);
  const stopped = () => options.signal?.aborted === true;
  return deps.db.session(async (conn) => {
    const { rows } = await conn.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [LOCK_KEY]);
    if (!rows[0]?.locked) return { ran: false, outbox: 0, deliveries: 0, attempts: 0, emails: 0, idempotencyKeys: 0 };
    const result: PruneResult = { ran: true, outbox: 0, deliveries: 0, attempts: 0, emails: 0, idempotencyKeys: 0 };
    try {
      for (let n = limit; n === limit && !stopped(); ) {
        n = await deleteOutboxBatch(conn, cutoff, limit);
        result.outbox += n;
      }
      for (let n = limit; n === limit && !stopped(); ) {
        const batch = await deleteDeliveriesBatch(conn, cutoff, limit);
        n = batch.deliveries;
        result.deliveries += batch.deliveries;
        result.attempts += batch.attempts;
      }
      for (let n = limit; n === limit && !stopped(); ) {
        n = await deleteEmailBatch(conn, cutoff, limit);
        result.emails += n;
      }
      const keysCutoff = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS);
      for (let n = limit; n === limit && !stopped(); ) {
        n = await deleteIdempotencyKeyBatch(conn, keysCutoff, limit);
        result.idempotencyKeys += n;
      }
      return result;
    } finally {
      await conn.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_KEY]);
    }
  });
}

export interface RetentionWorkerOptions {
  /** Time between runs (default one hour); the first run is at start. */
  intervalMs?: number;
  batchSize?: number;
  /** Called with each run's counts (logging, tests). */
  onPruned?: (result: PruneResult) => void;
  /** Called with errors of a run; the next run happens on schedule. */
  onError?: (error: unknown) => void;
}

/** Runs `pruneOnce` at start and then every `intervalMs` until stopped; `stop` cuts a run short between batches. */
export function startRetentionWorker(deps: Pick<Deps, 'db' | 'config' | 'clock'>, options: RetentionWorkerOptions = {}): Periodic {
  return startPeriodic(
    async (signal) => {
      const result = await pruneOnce(deps, deps.clock.now(), { batchSize: options.batchSize, signal });
      options.onPruned?.(result);
    },
    { intervalMs: options.intervalMs ?? 60 * 60_000, onError: options.onError },
  );
}
