// A test application on a fresh database of one engine, driven through `app.inject`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database, Engine } from '../../src/db/database.js';
import { createOrganisation, type CreatedOrganisation } from '../../src/organisations/service.js';
import type { App, Deps } from '../../src/platform/deps.js';
import type { Clock } from '../../src/platform/time.js';
import { engines, freshDatabase, type TestDatabase } from './db.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-06-01T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  engine: Engine;
  app: App;
  db: Database;
  deps: Deps;
  testDb: TestDatabase;
  /** Creates another organisation with fresh credentials. */
  newOrganisation(name?: string): Promise<CreatedOrganisation>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: Clock;
}

/** A data directory of its own (remove it when done): on PGlite media files go to DATA_DIR/media, as in production. */
export const tempDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-app-'));

export async function createTestApp(engine: Engine, options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await freshDatabase(engine);
  const dataDir = tempDataDir();
  const config: Config = loadConfig({
    ADMIN_TOKEN,
    PUBLIC_URL: 'http://offerpay.test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
    // The suite sends many requests from one address; the throttling tests turn it on.
    RATE_LIMITS: 'off',
    ...options.env,
  });
  const deps: Deps = { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock: options.clock ?? { now: () => new Date() } };
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  return {
    engine,
    app,
    db: testDb.db,
    deps,
    testDb,
    newOrganisation: (name = `Org ${crypto.randomBytes(3).toString('hex')}`) => createOrganisation(deps, { name }),
    close: async () => {
      await app.close();
      await testDb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Declares a suite once per engine, each with its own app and database:
 *   describeEachEngine('offers', (ctx) => { it('…', async () => { ctx().app.inject(…) }) })
 */
export function describeEachEngine(name: string, body: (ctx: () => TestApp) => void, options: TestAppOptions = {}): void {
  for (const engine of engines) {
    describe(`${name} [${engine}]`, () => {
      let current: TestApp | undefined;
      before(async () => {
        current = await createTestApp(engine, options);
      });
      after(async () => {
        await current?.close();
      });
      body(() => {
        if (!current) throw new Error('test app not ready');
        return current;
      });
    });
  }
}

export const json = <T = any>(response: LightMyRequestResponse): T => JSON.parse(response.body) as T;

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
