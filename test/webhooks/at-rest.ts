// Reads a whole database back as text, to check that no secret is stored in the clear anywhere.
import type { Database } from '../../src/db/database.js';

/** Every column of every table as text (bytea as its escape form, where ASCII stays readable), by `table.column`. */
export async function dumpEveryColumn(db: Database): Promise<Map<string, string>> {
  const { rows: columns } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const dump = new Map<string, string>();
  for (const table of new Set(columns.map((c) => c.table_name))) {
    const cols = columns.filter((c) => c.table_name === table);
    const exprs = cols.map(
      (c, i) => `${c.data_type === 'bytea' ? `encode("${c.column_name}", 'escape')` : `"${c.column_name}"::text`} AS c${i}`,
    );
    const { rows } = await db.query<Record<string, string | null>>(`SELECT ${exprs.join(', ')} FROM "${table}"`);
    for (const [i, c] of cols.entries()) dump.set(`${table}.${c.column_name}`, rows.map((r) => r[`c${i}`] ?? '').join('\n'));
  }
  return dump;
}

/** Where each secret appears in the dump (empty: nowhere). */
export function findSecrets(dump: Map<string, string>, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets))
    for (const [column, text] of dump) if (text.includes(secret)) found.push(`${name} in ${column}`);
  return found;
}
