// A real listening server for the browser tests: a fresh database on the engine the suite runs on,
// a free port that PUBLIC_URL (and so every link the pages print) points at, and a temporary data
// directory. Browser suites run once per engine, like every other database test.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { describe } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Engine } from '../../src/db/database.js';
import type { App, Deps } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, tempDataDir } from './app.js';
import { browserSkip } from './browser.js';
import { engines, freshDatabase } from './db.js';

export interface ServedApp {
  app: App;
  deps: Deps;
  baseUrl: string;
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/**
 * Declares a browser suite once per engine (PGlite; PostgreSQL too when TEST_DATABASE_URL is set),
 * skipped with one notice when Chromium is absent.
 */
export function describeBrowserEachEngine(name: string, body: (engine: Engine) => void): void {
  for (const engine of engines) describe(`${name} [${engine}]`, { skip: browserSkip }, () => body(engine));
}

/** Starts the app on 127.0.0.1 on `engine`, with `env` added to the test configuration. */
export async function serveApp(engine: Engine, env: Record<string, string> = {}): Promise<ServedApp> {
  const testDb = await freshDatabase(engine);
  const dataDir = tempDataDir();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({ ADMIN_TOKEN, PUBLIC_URL: baseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMITS: 'off', ...env });
  const deps: Deps = { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock: { now: () => new Date() } };
  const app = await buildApp(deps, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    deps,
    baseUrl,
    close: async () => {
      await app.close();
      await testDb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
