// Forward-only, versioned migrations. Each runs in its own transaction; a session-level advisory
// lock makes two servers starting at once against one PostgreSQL apply each migration exactly once.
// The functions derived from the code (routines.ts) follow the full list of migrations.
import type { Database, Queryable } from './database.js';
import { migrations, type Migration } from './migrations/index.js';
import { routines } from './routines.js';

const LOCK_KEY = 'offerpay:migrate';

export interface MigrateResult {
  applied: string[];
  current: number;
}

export async function migrate(db: Database, list: readonly Migration[] = migrations): Promise<MigrateResult> {
  return db.session(async (conn) => {
    await conn.query('SELECT pg_advisory_lock(hashtext($1))', [LOCK_KEY]);
    try {
      await conn.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await conn.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      const applied: string[] = [];
      for (const m of [...list].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await conn.exec('BEGIN');
        try {
          await conn.exec(m.sql);
          await conn.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await conn.exec('COMMIT');
        } catch (error) {
          await conn.exec('ROLLBACK');
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(`${m.version}_${m.name}`);
      }
      if (list === migrations) await createRoutines(conn);
      return { applied, current: Math.max(0, ...list.map((m) => m.version)) };
    } finally {
      await conn.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_KEY]);
    }
  });
}

/** Creates the derived functions this version calls and the database does not have yet, and points the triggers at theirs. */
async function createRoutines(conn: Queryable): Promise<void> {
  const { rows } = await conn.query<{ proname: string }>(
    'SELECT proname FROM pg_proc WHERE proname = ANY($1::text[]) AND pg_function_is_visible(oid)',
    [routines.map((r) => r.name)],
  );
  const present = new Set(rows.map((r) => r.proname));
  for (const routine of routines) {
    const installed =
      present.has(routine.name) &&
      (routine.installed === undefined || (await conn.query(routine.installed, [routine.name])).rows.length > 0);
    if (!installed) await conn.exec(routine.sql);
  }
}
