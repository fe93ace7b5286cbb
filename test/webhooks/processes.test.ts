// Server processes (`offerpay serve`, which runs the delivery worker) on one PostgreSQL
// (TEST_DATABASE_URL): two share the work without duplicates; one killed with SIGKILL mid-delivery
// delivers the event after a restart (same event id, at least once).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { createOrganisation } from '../../src/organisations/service.js';
import { enqueue } from '../../src/platform/outbox.js';
import { createEndpoint } from '../../src/webhooks/service.js';
import { createPostgresDatabase } from '../helpers/db.js';
import { startServerProcess } from '../helpers/process.js';
import { startReceiver } from './helpers.js';

/** `offerpay serve` on the test database; production mode, so no demo organisation is created. */
const serve = (databaseUrl: string, secretKey: Buffer) =>
  startServerProcess({
    DATABASE_URL: databaseUrl,
    SECRET_KEY: secretKey.toString('hex'),
    ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
    NODE_ENV: 'production',
  });

/** A fresh migrated database with one organisation, a local receiver, and the server processes started on it. */
async function cluster(name: string) {
  const database = await createPostgresDatabase();
  const db = await openPostgres(database.url, { max: 4 });
  const receiver = await startReceiver();
  const children: ChildProcess[] = [];
  await migrate(db);
  const secretKey = crypto.randomBytes(32);
  const config = loadConfig({ ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true', LOG_LEVEL: 'silent' });
  const deps = { config, db, secretKey, clock: { now: () => new Date() } };
  const org = await createOrganisation(deps, { name });
  return {
    db,
    deps,
    org,
    receiver,
    children,
    start: async () => {
      const { child } = await serve(database.url, secretKey);
      children.push(child);
      return child;
    },
    cleanup: async () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await receiver.close();
      await db.close();
      await database.drop();
    },
  };
}

describe('webhook delivery across server processes [postgres]', {
  skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL',
}, () => {
  it('a delivery in flight when its server is killed with SIGKILL is sent again after restart, with the same event id', async () => {
    const c = await cluster('Crash');
    const { db, deps, org, receiver, start } = c;
    try {
      await createEndpoint(deps, org.organisation.id, { url: `${receiver.url}/hook`, events: ['*'] });
      const eventId = await db.transaction((tx) =>
        enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.signed', payload: { data: { id: 'o' } } }),
      );

      // First run: the receiver holds the request open; the server is killed while it waits.
      receiver.respond = () => null;
      const first = await start();
      await receiver.waitFor(1, 20_000);
      const killed = new Promise((resolve) => first.on('exit', resolve));
      first.kill('SIGKILL');
      await killed;
      const { rows: during } = await db.query<{ status: string }>('SELECT status FROM webhook_deliveries WHERE event_id = $1', [eventId]);
      assert.equal(during[0]!.status, 'delivering', 'the attempt was in flight');

      // Second run: once the lease has run out (request timeout + 30 s) the delivery is due again.
      receiver.respond = () => ({ status: 200 });
      const second = await start();
      await receiver.waitFor(2, 90_000);
      assert.equal(JSON.parse(receiver.requests[0]!.body).event.id, eventId);
      assert.equal(JSON.parse(receiver.requests[1]!.body).event.id, eventId);
      assert.equal(receiver.requests[1]!.body, receiver.requests[0]!.body, 'the same bytes');
      // Wait for the result to be recorded, then stop gracefully.
      for (let i = 0; i < 100; i++) {
        const { rows } = await db.query<{ status: string }>('SELECT status FROM webhook_deliveries WHERE event_id = $1', [eventId]);
        if (rows[0]!.status === 'delivered') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const stopped = new Promise((resolve) => second.on('exit', resolve));
      second.kill('SIGTERM');
      assert.equal(await stopped, 0);
      const { rows } = await db.query<{ status: string; attempts_total: number }>(
        'SELECT status, attempts_total FROM webhook_deliveries WHERE event_id = $1',
        [eventId],
      );
      assert.deepEqual(rows[0], { status: 'delivered', attempts_total: 2 });
      assert.equal(receiver.requests.length, 2);
    } finally {
      await c.cleanup();
    }
  });

  it('two server processes on one database deliver each event exactly once', async () => {
    const c = await cluster('Two');
    const { db, deps, org, receiver, children } = c;
    try {
      for (const p of ['/a', '/b']) await createEndpoint(deps, org.organisation.id, { url: `${receiver.url}${p}`, events: ['*'] });
      await Promise.all([c.start(), c.start()]);
      const events = 300;
      // Written while both run, in many small transactions, as a busy server would.
      for (let i = 0; i < events; i += 10) {
        await db.transaction(async (tx) => {
          for (let j = i; j < i + 10; j++)
            await enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.updated', payload: { data: { n: j } } });
        });
      }
      await receiver.waitFor(events * 2, 30_000);
      await new Promise((r) => setTimeout(r, 300)); // a duplicate would arrive now
      const keys = receiver.requests.map((r) => `${r.url} ${JSON.parse(r.body).event.id}`);
      assert.equal(keys.length, events * 2);
      assert.equal(new Set(keys).size, events * 2, 'no event was sent twice to one endpoint');
      await Promise.all(
        children.map(
          (child) =>
            new Promise((resolve) => {
              child.on('exit', resolve);
              child.kill('SIGTERM');
            }),
        ),
      );
      const { rows } = await db.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status',
      );
      assert.deepEqual(rows, [{ status: 'delivered', n: events * 2 }]);
    } finally {
      await c.cleanup();
    }
  });
});
