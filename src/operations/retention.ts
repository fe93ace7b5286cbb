// Retention: deletes dispatched outbox rows, finished webhook deliveries (with their attempt log) and
// finished e-mail messages older than RETENTION_DAYS, idempotency keys past their 24 hours and merchant
// request nonces past their window, in small batches so that no statement holds many locks or runs long.
// Nothing that still has work to do is ever deleted: undispatched outbox rows and pending or
// delivering deliveries stay, whatever their age. Each run also sweeps orphan media files (documents/media-store.ts).
//
// Several replicas: one run at a time holds a session-level advisory try-lock; a replica that does
// not get it skips that run (another one is pruning). Even without the lock the deletes would be
// harmless to race: each batch locks its rows with SKIP LOCKED, and deleting is idempotent.
import { deleteExpiredBatch as deleteNonceBatch } from '../invoices/nonces-repository.js';
import { sweepMediaFiles } from '../documents/media-store.js';
import { deleteFinishedBatch as deleteEmailBatch } from '../notifications/repository.js';
import type { Deps } from '../platform/deps.js';
import { IDEMPOTENCY_KEY_TTL_MS } from '../platform/idempotency.js';
import { deleteExpiredBatch as deleteIdempotencyKeyBatch } from '../platform/idempotency-repository.js';
import { startPeriodic, type Periodic } from '../platform/periodic.js';
import { deleteFinishedBatch as deleteDeliveriesBatch } from '../webhooks/deliveries-repository.js';
import { deleteDispatchedBatch as deleteOutboxBatch } from '../webhooks/outbox-repository.js';

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
  /** Merchant request nonces whose window has passed (their timestamp alone now refuses a replay). */
  nonces: number;
}

type RetentionDeps = Pick<Deps, 'db' | 'config'>;

export const DEFAULT_BATCH_SIZE = 1000;

/** The oldest time kept: rows that finished before it are deleted. */
export const retentionCutoff = (now: Date, retentionDays: number): Date => new Date(now.getTime() - retentionDays * DAY_MS);

// Each table's prune query lives with the table's owner (its repository); this file only runs them in turn.

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
    const none = { outbox: 0, deliveries: 0, attempts: 0, emails: 0, idempotencyKeys: 0, nonces: 0 };
    if (!rows[0]?.locked) return { ran: false, ...none };
    const result: PruneResult = { ran: true, ...none };
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
      for (let n = limit; n === limit && !stopped(); ) {
        n = await deleteNonceBatch(conn, now, limit);
        result.nonces += n;
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
      // Media files whose row never committed (a crash or rollback after the rename); harmless to race.
      if (!signal.aborted) await sweepMediaFiles(deps, deps.clock.now());
    },
    { intervalMs: options.intervalMs ?? 60 * 60_000, onError: options.onError },
  );
}
