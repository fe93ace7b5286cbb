import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable, QueryOptions, QueryResult } from './database.js';
import { INT8_OID, parseInt8 } from './database.js';
import { runNamed } from './pglite-statements.js';
import { runPrepared } from './statement-names.js';
import { BASELINE_WASM_ONLY, setV8Flag } from '../platform/v8-flags.js';

const parsers = { [INT8_OID]: parseInt8, [types.NUMERIC]: (v: string) => v };

/**
 * Server settings of the embedded engine. PostgreSQL's default shared_buffers (128 MB) is zeroed
 * at every start and lives in the WebAssembly heap, which never shrinks: 32 MB holds the hot
 * indexes of a small business, and what does not fit is a read from the operating system's page
 * cache. Halves the resident memory and the start time (bench/README.md).
 */
export const PGLITE_SETTINGS = ['shared_buffers=32MB', 'work_mem=4MB', 'maintenance_work_mem=32MB', 'temp_buffers=4MB'];

/**
 * V8 compiles PGlite's WebAssembly (9 MB) with its baseline compiler, then recompiles the hot functions
 * with its optimising one, whose code stays resident: about 50 MB of the server's RSS and about a third
 * of a start's CPU. By default the embedded engine keeps baseline code only, within issue 17's memory
 * target; SQL-bound requests then cost 9–36 % more CPU (bench/README.md, *Fourth pass*), which
 * PGLITE_OPTIMIZE_WASM=true buys back. The flag is read when a module is compiled, so it is set just
 * before PGlite compiles its own; it is process-wide (undici's small parser gets it too) and cannot be
 * taken back once set.
 */
const baselineWasmOnly = () => setV8Flag(BASELINE_WASM_ONLY);

const startParams = () => [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ['-c', s])];

/**
 * Statements marked `prepare` run named (pglite-statements.ts), the rest through PGlite's `query()`.
 * The outer handle takes PGlite's transaction lock as `query()` does, so it waits for an open
 * transaction instead of running inside it.
 */
function wrap(pg: PGlite, handle: Pick<PGlite, 'query' | 'exec'>, inTransaction: boolean): Queryable {
  const plain = async <T>(sql: string, params: readonly unknown[]): Promise<QueryResult<T>> => {
    const result = await handle.query<T>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  const named = async <T>(name: string, sql: string, params: readonly unknown[]): Promise<QueryResult<T>> => {
    const run = () => pg._runExclusiveQuery(() => runNamed<T>(pg, name, sql, params));
    if (inTransaction) return run();
    await pg._checkReady();
    const result = await pg._runExclusiveTransaction(run);
    await pg.syncToFs();
    return result;
  };
  return {
    async query<T>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<T>> {
      if (!options?.prepare) return plain<T>(sql, params);
      return runPrepared(
        sql,
        inTransaction,
        (name) => named<T>(name, sql, params),
        () => plain<T>(sql, params),
      );
    },
    async exec(sql: string): Promise<void> {
      await handle.exec(sql);
    },
  };
}

/** Wraps an already created PGlite instance (tests load one from a migrated dump). */
export function fromPGlite(pg: PGlite): Database {
  const outer = wrap(pg, pg, false);
  return {
    engine: 'pglite',
    ...outer,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(pg, tx, true))),
    // PGlite is a single connection already.
    session: (fn) => fn(outer),
    close: async () => {
      if (!pg.closed) await pg.close();
    },
  };
}

export async function openPGlite(options: { dataDir?: string; loadDataDir?: Blob | File; optimizeWasm?: boolean }): Promise<Database> {
  if (!options.optimizeWasm) baselineWasmOnly();
  const pg = new PGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, parsers, startParams: startParams() });
  await pg.waitReady;
  return fromPGlite(pg);
}

/** Creates the cluster in `dataDir` (initdb) and closes it: what pglite-create.ts runs in a child process. */
export async function createPGlite(dataDir: string): Promise<void> {
  const pg = new PGlite({ dataDir, startParams: startParams(), initDbStartParams: PGLITE_SETTINGS.flatMap((s) => ['-c', s]) });
  await pg.waitReady;
  await pg.close();
}
