import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.js';
import { INT8_OID, parseInt8 } from './database.js';

const parsers = { [INT8_OID]: parseInt8, [types.NUMERIC]: (v: string) => v };

function wrap(handle: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await handle.query<T>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await handle.exec(sql);
    },
  };
}

/** Wraps an already created PGlite instance (tests load one from a migrated dump). */
export function fromPGlite(pg: PGlite): Database {
  const outer = wrap(pg);
  return {
    engine: 'pglite',
    ...outer,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    // PGlite is a single connection already.
    session: (fn) => fn(outer),
    close: async () => {
      if (!pg.closed) await pg.close();
    },
  };
}

export async function openPGlite(options: { dataDir?: string; loadDataDir?: Blob | File }): Promise<Database> {
  const pg = new PGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, parsers });
  await pg.waitReady;
  return fromPGlite(pg);
}
