// /readyz turns unready when the database stops taking writes (issue 13, item 14) — a full disk, a
// read-only standby, a lock that never ends — and ready again once a write works.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database, Queryable } from '../../src/db/database.js';
import type { App } from '../../src/platform/deps.js';
import { json } from '../helpers/app.js';
import { engines, freshDatabase, type TestDatabase } from '../helpers/db.js';

/** The database, except that writes fail while `failing` is set (as on a full disk: reads still work). */
function withFailingWrites(db: Database): { db: Database; failWrites(on: boolean): void } {
  let failing = false;
  const failingQuery = (q: Queryable): Queryable['query'] =>
    (async (sql: string, params?: readonly unknown[], options?: object) => {
      if (failing && /^\s*(INSERT|UPDATE|DELETE)/i.test(sql))
        throw Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' });
      return q.query(sql, params, options);
    }) as Queryable['query'];
  const wrapped: Database = Object.create(db);
  wrapped.query = failingQuery(db);
  wrapped.transaction = (fn) => db.transaction((tx) => fn({ exec: (sql) => tx.exec(sql), query: failingQuery(tx) }));
  return { db: wrapped, failWrites: (on) => (failing = on) };
}

const ready = async (app: App) => {
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  return { status: res.statusCode, body: json(res) };
};

/** Asks until the answer changes (a probe's answer is reused for up to a second). */
async function readyUntil(app: App, status: number) {
  let res = await ready(app);
  for (let i = 0; i < 40 && res.status !== status; i++) {
    await new Promise((r) => setTimeout(r, 100));
    res = await ready(app);
  }
  return res;
}

for (const engine of engines) {
  describe(`readiness follows writes [${engine}]`, () => {
    let testDb: TestDatabase;
    let app: App;
    let failWrites: (on: boolean) => void;
    before(async () => {
      testDb = await freshDatabase(engine);
      const failing = withFailingWrites(testDb.db);
      failWrites = failing.failWrites;
      const config = loadConfig({ PUBLIC_URL: 'http://offerpay.test', LOG_LEVEL: 'silent', RATE_LIMITS: 'off' });
      app = await buildApp(
        { config, db: failing.db, secretKey: crypto.randomBytes(32), clock: { now: () => new Date() } },
        { logger: false },
      );
      await app.ready();
    });
    after(async () => {
      await app.close();
      await testDb.close();
    });

    it('is ready while writes work, 503 "database not writable" while they fail (liveness stays 200), ready again after', async () => {
      assert.deepEqual(await ready(app), { status: 200, body: { status: 'ready' } });
      failWrites(true);
      assert.deepEqual(await readyUntil(app, 503), { status: 503, body: { status: 'database not writable' } });
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      failWrites(false);
      assert.deepEqual(await readyUntil(app, 200), { status: 200, body: { status: 'ready' } });
    });

    it('PostgreSQL: a write that waits on a lock past the probe timeout is unready too, ready once the lock goes', {
      skip: engine !== 'postgres',
    }, async () => {
      const holder = new pg.Client({ connectionString: testDb.url! });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE readiness_probe IN ACCESS EXCLUSIVE MODE');
        assert.deepEqual(await readyUntil(app, 503), { status: 503, body: { status: 'database not writable' } });
        await holder.query('COMMIT');
        assert.deepEqual(await readyUntil(app, 200), { status: 200, body: { status: 'ready' } });
      } finally {
        await holder.end();
      }
    });
  });
}
