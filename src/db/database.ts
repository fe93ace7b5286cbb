// One interface over both engines: embedded PGlite (default) and PostgreSQL (DATABASE_URL).
// Same SQL dialect, same migrations; services only ever see `Queryable` and `transaction`.

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * A static hot statement: it runs as a named prepared statement, parsed and analysed once per
   * connection (per PGlite instance), its plan cached by the server. Give it only to SQL texts from
   * a small fixed set, and prefer explicit column lists to `*` (see statement-names.ts).
   */
  prepare?: boolean;
}

export interface Queryable {
  /** One parameterised statement ($1, $2 …). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type Engine = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly engine: Engine;
  /**
   * Runs `fn` in one transaction on one connection. Inside, every query must go through `tx`:
   * on PGlite the outer handle waits for the transaction to end, so using it would deadlock.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs `fn` on one dedicated connection outside a transaction (session-level advisory locks). */
  session<T>(fn: (conn: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Both engines parse int8 as bigint (money is integers) and numeric as string. */
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;
export const parseInt8 = (value: string): bigint => BigInt(value);
