// Every database-touching test runs on the embedded PGlite and, when TEST_DATABASE_URL is set,
// on PostgreSQL too. Each call gets its own fresh, migrated database:
// - PGlite: loaded from a migrated data-directory dump (initialising PGlite anew costs seconds);
// - PostgreSQL: a new database created for the test and dropped afterwards.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import type { Database, Engine } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, openPGlite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  engine: Engine;
  db: Database;
  /** The PostgreSQL URL of this test's own database (postgres engine only). */
  url: string | null;
  close(): Promise<void>;
}

let template: Promise<Blob> | undefined;

/** The migrated PGlite dump: made by scripts/test.mjs once per run, or here on first use. */
export function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = process.env.OFFERPAY_PGLITE_TEMPLATE;
    if (file && fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    return makePGliteTemplate();
  })();
  return template;
}

export async function makePGliteTemplate(): Promise<Blob> {
  const raw = new PGlite();
  await migrate(fromPGlite(raw));
  const dump = await raw.dumpDataDir('none');
  await raw.close();
  return dump;
}

export function postgresUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement on the TEST_DATABASE_URL database (create/drop test databases). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createPostgresDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `offerpay_t_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return { name, url: postgresUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function freshDatabase(engine: Engine, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (engine === 'pglite') {
    const db = migrated ? await openPGlite({ loadDataDir: await pgliteTemplate() }) : await openPGlite({});
    return { engine, db, url: null, close: () => db.close() };
  }
  const created = await createPostgresDatabase();
  const db = await openPostgres(created.url, { max: 10 });
  if (migrated) await migrate(db);
  return {
    engine,
    db,
    url: created.url,
    close: async () => {
      await db.close();
      await created.drop();
    },
  };
}
