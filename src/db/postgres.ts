import crypto from 'node:crypto';
import pg from 'pg';
import type { Database, Queryable, QueryOptions, QueryResult } from './database.js';
import { INT8_OID, NUMERIC_OID, parseInt8 } from './database.js';

const TIMESTAMPTZ_OID = 1184;
const defaultTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text');
const digit = (c: number) => c >= 48 && c <= 57;
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const int = (s: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
};

/**
 * timestamptz as PostgreSQL prints it with DateStyle ISO: `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]`.
 * The same Date as pg's own parser (same millisecond arithmetic), without its regular expressions;
 * every other form (BC, infinity, years outside 1000–9999) goes to pg's parser.
 */
export function parseTimestamptz(s: string): Date {
  const n = s.length;
  if (n < 22 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(0) === 48) {
    return defaultTimestamptz(s) as Date;
  }
  for (let k = 0; k < DIGITS.length; k++) if (!digit(s.charCodeAt(DIGITS[k]!))) return defaultTimestamptz(s) as Date;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    if (!digit(s.charCodeAt(i))) return defaultTimestamptz(s) as Date;
    while (i < n && digit(s.charCodeAt(i))) i++;
    // pg computes 1000 * parseFloat('.ffffff') and Date.UTC truncates it: the same as the first three
    // digits, for every fraction of up to six digits (checked exhaustively in test/db/postgres.test.ts).
    const end = Math.min(i, 23);
    ms = int(s, 20, end) * (end === 23 ? 1 : end === 22 ? 10 : 100);
  }
  const sign = s.charCodeAt(i);
  const zone = n - i - 1; // HH, HH:MM or HH:MM:SS
  if ((sign !== 43 && sign !== 45) || (zone !== 2 && zone !== 5 && zone !== 8)) return defaultTimestamptz(s) as Date;
  let offset = 0;
  for (let k = i + 1; k < n; k += 3) {
    if (!digit(s.charCodeAt(k)) || !digit(s.charCodeAt(k + 1)) || (k + 2 < n && s.charCodeAt(k + 2) !== 58)) return defaultTimestamptz(s) as Date;
    offset = offset * 60 + int(s, k, k + 2);
  }
  offset *= zone === 2 ? 3600 : zone === 5 ? 60 : 1;
  const utc = Date.UTC(int(s, 0, 4), int(s, 5, 7) - 1, int(s, 8, 10), int(s, 11, 13), int(s, 14, 16), int(s, 17, 19), ms);
  return new Date(utc - (sign === 45 ? -1 : 1) * offset * 1000);
}

const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID) return parseInt8;
    if (oid === NUMERIC_OID) return (v: string) => v;
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * Named prepared statements for the SQL texts callers mark `prepare`. The name is a hash of the text,
 * so one name always means one text on every connection. The set is bounded: past the limit a text
 * runs unnamed, as before. A text whose cached plan the server refuses after a schema change
 * ("cached plan must not change result type") is demoted to unnamed for the life of the process.
 */
const MAX_PREPARED = 128;
const preparedNames = new Map<string, string>();
const demoted = new Set<string>();

export function statementName(sql: string): string | undefined {
  if (demoted.has(sql)) return undefined;
  let name = preparedNames.get(sql);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `op_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    preparedNames.set(sql, name);
  }
  return name;
}

const isStalePlan = (error: unknown) => (error as { code?: string })?.code === '0A000' && /cached plan must not change result type/.test(String((error as Error).message));

function wrap(client: pg.Pool | pg.PoolClient, inTransaction: boolean): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<T>> {
      const name = options?.prepare ? statementName(sql) : undefined;
      let result: pg.QueryResult;
      if (name === undefined) {
        result = await client.query(sql, params as unknown[]);
      } else {
        try {
          result = await client.query({ name, text: sql, values: params as unknown[] });
        } catch (error) {
          if (!isStalePlan(error)) throw error;
          demoted.add(sql);
          // Outside a transaction the statement can simply run again; inside, the transaction is aborted.
          if (inTransaction) throw error;
          result = await client.query(sql, params as unknown[]);
        }
      }
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
