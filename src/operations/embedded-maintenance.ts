// What autovacuum does on a PostgreSQL server, for the embedded engine. PGlite runs PostgreSQL in
// single-user mode: there is no autovacuum launcher, and no activity counters to drive one. Without
// this, no table is ever analyzed, so a cached generic plan keeps the choice it made while its table
// was small (a cancel found its invoice by walking all of the organisation's invoices: 7 ms of its 10
// at 20,000); and none is ever vacuumed, so the space that updates and deletes leave behind (outbox,
// jobs, offers, retention's deletes) is never reused and the data directory only grows.
//
// Each pass picks the tables whose size moved by more than a tenth since they were last analyzed
// (or never were), and those near the transaction-id age at which PostgreSQL freezes, and runs
// VACUUM (ANALYZE) on each in turn, smallest first, pausing between tables: the one connection is
// held for one table at a time. ANALYZE also invalidates the plans cached on that table.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/database.js';
import { startPeriodic, type Periodic } from '../platform/periodic.js';

/** Half of PostgreSQL's autovacuum_freeze_max_age: frozen well before the server would force it. */
const FREEZE_AGE = 100_000_000;

const DUE_SQL = `SELECT c.oid::regclass::text AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')
   AND (c.reltuples < 0
        OR abs(pg_relation_size(c.oid) / current_setting('block_size')::bigint - c.relpages) > 4 + c.relpages / 10
        OR age(c.relfrozenxid) > ${FREEZE_AGE})
 ORDER BY pg_total_relation_size(c.oid), 1`;

export interface MaintenanceOptions {
  /** Between two tables: requests run in between. */
  pauseMs?: number;
  /** Checked between tables. */
  signal?: AbortSignal;
}

/** One pass: VACUUM (ANALYZE) of every table that is due. Returns the tables it did, in order. */
export async function maintainTables(db: Database, options: MaintenanceOptions = {}): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(DUE_SQL);
  const done: string[] = [];
  for (const { name } of rows) {
    if (options.signal?.aborted) break;
    if (done.length > 0) await sleep(options.pauseMs ?? 50, undefined, { signal: options.signal }).catch(() => {});
    if (options.signal?.aborted) break;
    // `name` is regclass output: already quoted where it needs to be.
    await db.exec(`VACUUM (ANALYZE) ${name}`);
    done.push(name);
  }
  return done;
}

/**
 * On the embedded engine: a pass shortly after start (a restarted server whose tables were analyzed
 * finds nothing due), then every `intervalMs`. PostgreSQL has its own autovacuum: nothing is started.
 */
export function startEmbeddedMaintenance(
  deps: { db: Database },
  options: { onError?: (error: unknown) => void; onDone?: (tables: string[]) => void; delayMs?: number; intervalMs?: number } = {},
): Periodic {
  if (deps.db.engine !== 'pglite') return { stop: async () => {} };
  return startPeriodic((signal) => maintainTables(deps.db, { signal }).then((tables) => options.onDone?.(tables)), {
    delayMs: options.delayMs ?? 10_000,
    intervalMs: options.intervalMs ?? 60_000,
    onError: options.onError,
  });
}
