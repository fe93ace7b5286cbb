import { type messages, type PGlite, parse, protocol } from '@electric-sql/pglite';

/**
 * Named prepared statements on the embedded engine. PGlite's own `query()` parses, analyses and plans
 * every statement on every call, in six protocol exchanges; a statement parsed once and then only
 * bound and executed (one exchange) costs a quarter of that (0.21 → 0.05 ms for a token lookup,
 * bench/README.md). Callers hold PGlite's query lock; the statements live as long as the instance.
 */
interface Statement {
  paramTypes: number[];
  /** Absent for statements that return no rows (an INSERT without RETURNING). */
  rowDescription: messages.BackendMessage | undefined;
}

const { serialize } = protocol;
const byInstance = new WeakMap<PGlite, Map<string, Statement>>();

async function prepare(pg: PGlite, name: string, sql: string): Promise<Statement> {
  // The Close first: a statement whose Parse succeeded but whose Describe failed would otherwise block its name.
  const replies = await pg.execProtocolStream(
    Buffer.concat([
      serialize.close({ type: 'S', name }),
      serialize.parse({ name, text: sql }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    ]),
    { syncToFs: false },
  );
  return {
    paramTypes: parse.parseDescribeStatementResults(replies),
    rowDescription: replies.find((m) => m.name === 'rowDescription'),
  };
}

/** Serialises a parameter as PGlite's `query()` does: by the type the server inferred for it. */
function serializeParam(pg: PGlite, value: unknown, type: number | undefined): string | null {
  if (value === null || value === undefined) return null;
  const serializer = type === undefined ? undefined : pg.serializers[type];
  return serializer ? serializer(value) : String(value);
}

export async function runNamed<T>(pg: PGlite, name: string, sql: string, params: readonly unknown[]) {
  let statements = byInstance.get(pg);
  if (!statements) {
    statements = new Map();
    byInstance.set(pg, statements);
  }
  let statement = statements.get(name);
  if (!statement) {
    statement = await prepare(pg, name, sql);
    statements.set(name, statement);
  }
  const types = statement.paramTypes;
  const values = params.map((value, i) => serializeParam(pg, value, types[i]));
  const replies = await pg.execProtocolStream(
    Buffer.concat([serialize.bind({ statement: name, values }), serialize.execute({}), serialize.sync()]),
    {
      syncToFs: false,
    },
  );
  const [result] = parse.parseResults(statement.rowDescription ? [statement.rowDescription, ...replies] : replies, pg.parsers);
  return { rows: result!.rows as T[], rowCount: result!.affectedRows ?? result!.rows.length };
}
