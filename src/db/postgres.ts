import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';
import { INT8_OID, NUMERIC_OID, parseInt8 } from './database.js';

const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID) return parseInt8;
    if (oid === NUMERIC_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await client.query(sql, params as unknown[]);
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
  const session = async <T>(fn: (conn: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn(wrap(client));
    } finally {
      client.release();
    }
  };
  return {
    engine: 'postgres',
    ...wrap(pool),
    session,
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
      }),
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
