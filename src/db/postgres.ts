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

type Submit = (query: pg.Query, values: undefined, done: (error: Error | undefined, result: pg.QueryResult) => void) => void;

/**
 * A named statement, built from its text rather than from a config object: pg copies a config object
 * by its property descriptors on every call (about 1.2 µs, and the copy is a slow dictionary-mode
 * object), a text it does not. The pool and a client both take the callback as the third argument
 * (the pool's own wraps it to release the client first).
 */
function runNamed(client: pg.Pool | pg.PoolClient, name: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
  const query = new pg.Query(text, values);
  (query as { name?: string }).name = name;
  return new Promise<pg.QueryResult>((resolve, reject) =>
    (client.query as unknown as Submit).call(client, query, undefined, (error, result) => (error ? reject(error) : resolve(result))),
  ).catch((error: Error) => {
    // As pg's own promises do: a stack that leads back to the caller, not to the socket that read the answer.
    Error.captureStackTrace(error);
    throw error;
  });
}

function wrap(client: pg.Pool | pg.PoolClient, inTransaction: boolean): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<T>> {
      const plain = () => client.query(sql, params as unknown[]);
      const result: pg.QueryResult = options?.prepare
        ? await runPrepared(sql, inTransaction, (name) => runNamed(client, name, sql, params as unknown[]), plain)
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
