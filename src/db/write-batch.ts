// Several writes sent as one statement: each write is a data-modifying CTE (WITH w1 AS (UPDATE …),
// w2 AS (INSERT …) SELECT …), so a use case that changes four tables costs one round trip instead
// of four. PostgreSQL runs every data-modifying CTE exactly once, all on the statement's snapshot:
// a batch may therefore change a row only once, and a write sees none of the others' effects (use
// RETURNING and refer to the CTE by name where one write depends on another).

/** Hands out the placeholders of one statement ($1, $2 …) in the order values are added. */
export class Params {
  readonly values: unknown[] = [];

  /** A placeholder for `value`, with an explicit type when the context cannot infer one. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

export class WriteBatch {
  readonly params = new Params();
  private readonly writes: { name: string; sql: string }[] = [];

  get size(): number {
    return this.writes.length;
  }

  /** Adds one data-modifying statement; returns the name of its CTE (for `SELECT … FROM name` when it has RETURNING). */
  add(sql: string, name = `w${this.writes.length + 1}`): string {
    this.writes.push({ name, sql });
    return name;
  }

  /** The statement: every write as a CTE, then `select` (which may read the CTEs' RETURNING rows). */
  sql(select = 'SELECT 1 AS done'): string {
    if (this.writes.length === 0) return select;
    return `WITH ${this.writes.map((w) => `${w.name} AS (${w.sql})`).join(',\n')}\n${select}`;
  }
}

/** A column of a multi-row insert and its SQL type (every value is cast, so a conditional insert types its VALUES too). */
export type Column = readonly [name: string, type: string];

/**
 * One multi-row INSERT (rows in order: identity columns such as seq follow it). With `condition` the
 * rows are inserted only if it holds, e.g. `EXISTS (SELECT 1 FROM w1)` on another write of the batch.
 */
export function insertRows(
  p: Params,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
  condition?: string,
): string {
  const values = rows.map((row) => `(${columns.map(([, type], i) => p.add(row[i], type)).join(', ')})`).join(', ');
  const names = columns.map(([name]) => name).join(', ');
  if (!condition) return `INSERT INTO ${table} (${names}) VALUES ${values}`;
  return `INSERT INTO ${table} (${names}) SELECT * FROM (VALUES ${values}) AS v WHERE ${condition}`;
}
