// Workers under contention: a hanging receiver does not stall other endpoints; two workers sharing
// one PostgreSQL deliver each event once per attempt and keep the per-endpoint cap.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openPostgres } from '../../src/db/postgres.js';
import { enqueue } from '../../src/platform/outbox.js';
import { startWorkers } from '../../src/server-workers.js';
import { runOnce, startWebhookWorker } from '../../src/webhooks/worker.js';
import { bearer, json } from '../helpers/app.js';
import { createWebhook, describeWebhooks, startReceiver } from './helpers.js';

describeWebhooks('webhook worker concurrency', (ctx, engine) => {
  it('a receiver that hangs does not stall other endpoints (timeout + per-endpoint cap)', async () => {
    const receiver = await startReceiver();
    receiver.respond = (r) => (r.url === '/hang' ? null : { status: 200 });
    const org = await ctx().newOrganisation();
    const hanging = await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/hang`, events: ['*'] });
    await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/fast`, events: ['*'] });
    await ctx().deps.db.transaction(async (tx) => {
      for (let i = 0; i < 10; i++)
        await enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.updated', payload: { data: { n: i } } });
    });
    const errors: unknown[] = [];
    // The request timeout is long: everything for the fast endpoint must arrive while the other still hangs.
    const worker = startWebhookWorker(ctx().deps, {
      timeoutMs: 8000,
      perTargetConcurrency: 2,
      pollIntervalMs: 20,
      onError: (e) => errors.push(e),
    });
    try {
      await waitUntil(() => receiver.requests.filter((r) => r.url === '/fast').length === 10, 7000);
      assert.equal(receiver.requests.filter((r) => r.url === '/hang').length, 2, 'the hanging endpoint holds only its own two slots');
      const { rows } = await ctx().deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1',
        [hanging.id],
      );
      assert.equal(rows[0]!.n, 0, 'its requests are still open');
    } finally {
      // The loop stops first, then dropping the hanging connections ends those two attempts as
      // failures, and stop waits for them to be recorded. Closing first would let the running loop
      // go on sending the endpoint's next deliveries into the closed port.
      const stopping = worker.stop();
      await receiver.close();
      await stopping;
    }
    assert.deepEqual(errors, []);
    const log = json(
      await ctx().app.inject({ method: 'GET', url: `/webhooks/${hanging.id}/deliveries?limit=100`, headers: bearer(org.apiToken) }),
    );
    // The two hung attempts, and possibly two more a claim still running when stop() was called sent
    // into the closed port: each failed and waits for its retry.
    const attempted = log.data.filter((d: { attempts: number }) => d.attempts > 0);
    assert.ok(attempted.length >= 2 && attempted.length <= 4, `${attempted.length} deliveries attempted`);
    for (const d of attempted) {
      assert.equal(d.status, 'pending', 'a failed attempt schedules a retry');
      assert.equal(d.lastStatusCode, null);
      assert.ok(d.lastError);
    }
  });

  it('stop() aborts sends still hanging after the grace period and records them for retry', async () => {
    const receiver = await startReceiver();
    receiver.respond = () => null;
    const org = await ctx().newOrganisation();
    const hook = await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/stuck`, events: ['*'] });
    await ctx().deps.db.transaction((tx) =>
      enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.archived', payload: { data: {} } }),
    );
    const worker = startWebhookWorker(ctx().deps, { timeoutMs: 10_000, stopGraceMs: 200, pollIntervalMs: 20 });
    try {
      await receiver.waitFor(1, 5000);
      const started = Date.now();
      await worker.stop();
      assert.ok(Date.now() - started < 2000, `stopped in ${Date.now() - started} ms`);
    } finally {
      await receiver.close();
    }
    const [delivery] = json(
      await ctx().app.inject({ method: 'GET', url: `/webhooks/${hook.id}/deliveries`, headers: bearer(org.apiToken) }),
    ).data;
    assert.equal(delivery.status, 'pending');
    assert.match(delivery.lastError, /worker is stopping/);
  });

  if (engine === 'postgres') {
    it('two workers on one PostgreSQL deliver each event exactly once per attempt and share the per-endpoint cap', async () => {
      const receiver = await startReceiver();
      receiver.respond = () => ({ status: 200, delayMs: 5 });
      const org = await ctx().newOrganisation();
      const paths = ['/w1', '/w2', '/w3'];
      for (const p of paths) await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}${p}`, events: ['*'] });
      const events = 150;
      await ctx().deps.db.transaction(async (tx) => {
        for (let i = 0; i < events; i++)
          await enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.created', payload: { data: { n: i } } });
      });
      // A second worker with its own connection pool, as another server process would have.
      const otherDb = await openPostgres(ctx().testDb.url!, { max: 5 });
      const workers = [ctx().deps, { ...ctx().deps, db: otherDb }];
      const options = { perTargetConcurrency: 3, maxInFlight: 8, dispatchBatch: 20 };
      try {
        for (let round = 0; round < 500; round++) {
          const results = await Promise.all(workers.map((deps) => runOnce(deps, options)));
          if (results.every((r) => r.dispatched === 0 && r.attempted === 0)) break;
        }
      } finally {
        await otherDb.close();
      }
      const seen = new Map<string, number>();
      for (const r of receiver.requests) {
        const key = `${r.url} ${JSON.parse(r.body).event.id}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      await receiver.close();
      assert.equal(seen.size, events * paths.length, 'every event reached every endpoint');
      assert.deepEqual([...new Set(seen.values())], [1], 'and exactly once');
      for (const p of paths) assert.ok((receiver.maxConcurrent.get(p) ?? 0) <= 3, `cap held for ${p}: ${receiver.maxConcurrent.get(p)}`);
      const { rows } = await ctx().deps.db.query<{ n: number; attempts: number }>(
        `SELECT count(*)::int AS n, sum(attempts_total)::int AS attempts FROM webhook_deliveries WHERE organisation_id = $1`,
        [org.organisation.id],
      );
      assert.deepEqual(rows[0], { n: events * paths.length, attempts: events * paths.length });
    });
  }

  it("the server's worker keeps WEBHOOK_CONCURRENCY deliveries in flight per endpoint (8 by default)", async () => {
    assert.equal(ctx().deps.config.webhookConcurrency, 8);
    const receiver = await startReceiver();
    receiver.respond = () => ({ status: 200, delayMs: 100 });
    const org = await ctx().newOrganisation();
    await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/slow`, events: ['*'] });
    await ctx().deps.db.transaction(async (tx) => {
      for (let i = 0; i < 12; i++)
        await enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.updated', payload: { data: { id: `offer-${i}` } } });
    });
    const config = { ...ctx().deps.config, webhookConcurrency: loadConfig({ WEBHOOK_CONCURRENCY: '3' }).webhookConcurrency };
    const workers = await startWorkers(ctx().app, { ...ctx().deps, config });
    try {
      await receiver.waitFor(12);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await receiver.close();
    }
    // Twelve deliveries of different offers, 100 ms each: the cap is what holds them back.
    assert.equal(receiver.maxConcurrent.get('/slow'), 3);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
