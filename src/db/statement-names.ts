import crypto from 'node:crypto';

/**
 * Names for the SQL texts callers mark `prepare`, shared by both engines. The name is a hash of the
 * text, so one name always means one text on every connection. The set is bounded: past the limit a
 * text runs unnamed. A text whose cached plan the server refuses after a schema change ("cached plan
 * must not change result type") is demoted to unnamed for the life of the process.
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

const isStalePlan = (error: unknown) =>
  (error as { code?: string })?.code === '0A000' && /cached plan must not change result type/.test(String((error as Error).message));

/**
 * Runs `sql` through `named` when it has a name, else through `plain`. A stale plan demotes the text;
 * outside a transaction it simply runs again unnamed, inside one the transaction is aborted.
 */
export async function runPrepared<R>(
  sql: string,
  inTransaction: boolean,
  named: (name: string) => Promise<R>,
  plain: () => Promise<R>,
): Promise<R> {
  const name = statementName(sql);
  if (name === undefined) return plain();
  try {
    return await named(name);
  } catch (error) {
    if (!isStalePlan(error)) throw error;
    demoted.add(sql);
    if (inTransaction) throw error;
    return plain();
  }
}
