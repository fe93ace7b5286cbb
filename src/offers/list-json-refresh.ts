// Rebuilds the stored list JSON (migration 40) of offers that hold another version's or none: rows
// written before this release, or by a replica of another release during a rolling deploy. Pages are
// right without it (list-json.ts builds such rows on the fly); this makes them cheap again. Runs a minute
// after start and hourly, across organisations like retention. Gentle on purpose: on the embedded engine
// every batch holds the only connection, so the walk pauses between batches, and it walks only when one
// scan finds a stale row.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queryable } from '../db/database.js';
import type { Deps } from '../platform/deps.js';
import { startPeriodic, type Periodic } from '../platform/periodic.js';
import { LIST_JSON_VERSION } from './list-json.js';

const ANY_STALE_SQL = 'SELECT EXISTS (SELECT 1 FROM offers WHERE list_json_version IS DISTINCT FROM $1) AS stale';

// Setting the version is enough: the trigger (list-json-trigger.ts) overwrites all three columns.
const REFRESH_SQL = `WITH batch AS (SELECT id, list_json_version FROM offers WHERE id > $1 ORDER BY id LIMIT $2),
     stale AS (UPDATE offers o SET list_json_version = NULL FROM batch b
                WHERE o.id = b.id AND b.list_json_version IS DISTINCT FROM $3 RETURNING 1)
SELECT (SELECT max(id) FROM batch) AS last, (SELECT count(*) FROM stale)::int AS refreshed`;

export interface RefreshOptions {
  /** Offers a batch (one short transaction holding their row locks). */
  batchSize?: number;
  /** Between batches. */
  pauseMs?: number;
  /** Stops between batches. */
  signal?: AbortSignal;
}

/** Walks every offer once in id order when any is stale; returns how many were rebuilt. */
export async function refreshListJson(db: Queryable, options: RefreshOptions = {}): Promise<number> {
  const { rows: found } = await db.query<{ stale: boolean }>(ANY_STALE_SQL, [LIST_JSON_VERSION]);
  if (!found[0]!.stale) return 0;
  let after = '';
  let refreshed = 0;
  while (!options.signal?.aborted) {
    const { rows } = await db.query<{ last: string | null; refreshed: number }>(REFRESH_SQL, [
      after,
      options.batchSize ?? 200,
      LIST_JSON_VERSION,
    ]);
    const batch = rows[0]!;
    refreshed += batch.refreshed;
    if (batch.last === null) break;
    after = batch.last;
    await sleep(options.pauseMs ?? 20, undefined, { signal: options.signal }).catch(() => {});
  }
  return refreshed;
}

export function startListJsonRefresh(
  deps: Pick<Deps, 'db'>,
  options: { onError?: (error: unknown) => void; delayMs?: number; intervalMs?: number } = {},
): Periodic {
  return startPeriodic((signal) => refreshListJson(deps.db, { signal }).then(() => {}), {
    // Not at start: a restart's first seconds belong to the requests (and, embedded, to the one connection).
    delayMs: options.delayMs ?? 60_000,
    intervalMs: options.intervalMs ?? 60 * 60_000,
    onError: options.onError,
  });
}
