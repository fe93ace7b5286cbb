import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Database } from './database.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { createInChildProcess } from './pglite-create.js';
import { openPGliteThread } from './pglite-thread.js';

export interface OpenedDatabase {
  db: Database;
  /** Closes the database and releases the data directory. */
  close(): Promise<void>;
}

/**
 * PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite in DATA_DIR (locked while open),
 * on its own thread (pglite-thread.ts). PostgreSQL's driver is imported only when it is configured.
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'pgliteOptimizeWasm'>): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    const db = await openPostgres(config.databaseUrl);
    return { db, close: () => db.close() };
  }
  const lock: DataDirLock = lockDataDir(config.dataDir);
  try {
    const pgdata = path.join(config.dataDir, 'pgdata');
    fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    const db = await openPGliteThread({ dataDir: pgdata, optimizeWasm: config.pgliteOptimizeWasm }, createInChildProcess(pgdata));
    return {
      db,
      close: async () => {
        try {
          await db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
