import pg from 'pg';
import type { Database, Queryable, QueryOptions, QueryResult } from './database.js';
import { INT8_OID, NUMERIC_OID, parseInt8 } from './database.js';
import { runPrepared } from './statement-names.js';

const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID) return parseInt8;
    if (oid === NUMERIC_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

function wrap(client: pg.Pool | pg.PoolClient, inTransaction: boolean): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<T>> {
      const plain = () => client.query(sql, params as unknown[]);
      const result: pg.QueryResult = options?.prepare
        ? await runPrepared(sql, inTransaction, (name) => client.query({ name, text: sql, values: params as unknown[] }), plain)
        : await plain();
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 20, connectionTimeoutMillis: 5000, types: typeParsers });
  // An idle client's error (server restart) must not crash the process; the pool discards it.
  pool.on('error', () => {});
  const session = async <T>(fn: (conn: Queryable) => Promise<T>, inTransaction = false): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn(wrap(client, inTransaction));
    } finally {
      client.release();
    }
  };
  return {
    engine: 'postgres',
    ...wrap(pool, false),
    session: (fn) => session(fn),
    transaction: (fn) =>
      session(async (conn) => {
        await conn.exec('BEGIN');
        try {
          const result = await fn(conn);
          await conn.exec('COMMIT');
          return result;
        } catch (error) {
          await conn.exec('ROLLBACK').catch(() => {});
          throw error;
        }
      }, true),
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
