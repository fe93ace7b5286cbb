// Counts the statements the application sends to its database, for tests that hold a request path
// to a statement budget. The counter is installed on the test app's Database object itself (the one
// deps.db holds), so every route, use case and transaction of that app goes through it; production
// code knows nothing of it and pays nothing. BEGIN and COMMIT are the engines' own (PGlite issues
// them inside its transaction()) and are counted as transactions, not as statements.
import type { Database, Queryable } from '../../src/db/database.js';

export interface StatementCounter {
  /** The SQL of every statement since the last reset, in order. */
  readonly statements: string[];
  /** Transactions begun since the last reset. */
  transactions: number;
  reset(): void;
  /** Puts the original functions back. */
  uninstall(): void;
}

export function countStatements(db: Database): StatementCounter {
  const original = { query: db.query, exec: db.exec, transaction: db.transaction, session: db.session };
  const counter: StatementCounter = {
    statements: [],
    transactions: 0,
    reset() {
      counter.statements.length = 0;
      counter.transactions = 0;
    },
    uninstall() {
      Object.assign(db, original);
    },
  };
  const counted = (q: Queryable): Queryable => ({
    query: (sql, params, options) => {
      counter.statements.push(sql);
      return q.query(sql, params, options);
    },
    exec: (sql) => {
      counter.statements.push(sql);
      return q.exec(sql);
    },
  });
  const outer = counted({ query: original.query.bind(db), exec: original.exec.bind(db) });
  Object.assign(db, {
    query: outer.query,
    exec: outer.exec,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => {
      counter.transactions++;
      return original.transaction.call(db, (tx: Queryable) => fn(counted(tx))) as Promise<T>;
    },
    session: <T>(fn: (conn: Queryable) => Promise<T>) => original.session.call(db, (conn: Queryable) => fn(counted(conn))) as Promise<T>,
  });
  return counter;
}

/**
 * A handle of its own on `db`, counted: what goes through it is counted, the app's other traffic on
 * `db` (background jobs) is not.
 */
export function countedHandle(db: Database): { db: Database; counter: StatementCounter } {
  const handle: Database = {
    engine: db.engine,
    query: db.query.bind(db),
    exec: db.exec.bind(db),
    transaction: db.transaction.bind(db),
    session: db.session.bind(db),
    close: () => db.close(),
  };
  return { db: handle, counter: countStatements(handle) };
}

/** The statements one call sends (the counter is reset before it). */
export async function statementsOf<T>(
  counter: StatementCounter,
  run: () => Promise<T>,
): Promise<{ result: T; statements: string[]; transactions: number }> {
  counter.reset();
  const result = await run();
  return { result, statements: [...counter.statements], transactions: counter.transactions };
}
