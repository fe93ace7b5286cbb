// Batched claiming: one statement claims a batch across targets and returns what sending needs
// (endpoint secret, merchant callback URL and key), a failing target in the batch does not hold the
// others back, and concurrent worker loops on one PostgreSQL send each event once, in order per key.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Queryable } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { sign as signMerchant } from '../../src/invoices/signature.js';
import { enqueue } from '../../src/platform/outbox.js';
import { WEBHOOK_CLAIM_TURN } from '../../src/webhooks/claim-turn.js';
import { signWebhook } from '../../src/webhooks/signing.js';
import { runOnce, startWebhookWorker } from '../../src/webhooks/worker.js';
import { createWebhook, describeWebhooks, setCallbackUrl, startReceiver, type Receiver } from './helpers.js';

describeWebhooks('batched claiming', (ctx, engine) => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
  });

  const emit = (organisationId: string, topic: 'offer.updated' | 'merchant.invoice_callback', payloads: Record<string, unknown>[]) =>
    ctx().deps.db.transaction(async (tx) => {
      for (const payload of payloads) await enqueue(tx, { organisationId, topic, payload });
    });

  it('one claim statement takes a batch across endpoints and merchant callbacks, each signed with its own target', async () => {
    const orgs = [await ctx().newOrganisation(), await ctx().newOrganisation()];
    const hooks = [];
    for (const [i, org] of orgs.entries()) {
      hooks.push(await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/batch-hook-${i}`, events: ['*'] }));
      await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/batch-callback-${i}`);
      await emit(org.organisation.id, 'offer.updated', [{ data: { n: 1 } }, { data: { n: 2 } }]);
      await emit(org.organisation.id, 'merchant.invoice_callback', [{ id: 100 + i, status: 'paid' }]);
    }
    // Count the claim statements: the dispatch's transaction and the claim turn's statement pass through here.
    let claims = 0;
    const db = ctx().deps.db;
    const counted = (q: Queryable): Queryable => ({
      ...q,
      query: (sql, params, options) => {
        if (sql.includes(WEBHOOK_CLAIM_TURN)) claims++;
        return q.query(sql, params, options);
      },
    });
    const counting = {
      ...db,
      ...counted(db),
      transaction: <T>(fn: (tx: Queryable) => Promise<T>) => db.transaction((tx) => fn(counted(tx))),
    };
    const before = receiver.requests.length;
    const result = await runOnce({ ...ctx().deps, db: counting }, { perTargetConcurrency: 4, maxInFlight: 64 });
    assert.equal(result.attempted, 6);
    assert.equal(result.delivered, 6);
    assert.equal(claims, 1, 'one statement claimed all six');
    const got = receiver.requests.slice(before);
    for (const [i, org] of orgs.entries()) {
      const webhooks = got.filter((r) => r.url === `/batch-hook-${i}`);
      assert.equal(webhooks.length, 2);
      for (const r of webhooks) assert.equal(r.headers['x-webhook-signature'], signWebhook(hooks[i]!.secret, r.body));
      const [callback] = got.filter((r) => r.url === `/batch-callback-${i}`);
      assert.ok(callback, `callback of organisation ${i}`);
      assert.equal(callback.headers['x-processing-key'], org.merchant.key);
      assert.equal(callback.headers['x-processing-signature'], signMerchant(org.merchant.secret, callback.body));
      assert.equal(JSON.parse(callback.body).id, 100 + i);
    }
  });

  it('a failing target in the batch does not hold the others back', async () => {
    const org = await ctx().newOrganisation();
    await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/batch-down`, events: ['*'] });
    await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/batch-up`, events: ['*'] });
    receiver.respond = (r) => (r.url === '/batch-down' ? { status: 500 } : { status: 200, body: 'ok' });
    try {
      await emit(
        org.organisation.id,
        'offer.updated',
        [1, 2, 3].map((n) => ({ data: { n } })),
      );
      const before = receiver.requests.length;
      const result = await runOnce(ctx().deps, { perTargetConcurrency: 4, maxInFlight: 64 });
      assert.deepEqual({ attempted: result.attempted, delivered: result.delivered }, { attempted: 6, delivered: 3 });
      const got = receiver.requests.slice(before);
      assert.equal(got.filter((r) => r.url === '/batch-up').length, 3);
      const { rows } = await ctx().deps.db.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE organisation_id = $1 GROUP BY status ORDER BY status`,
        [org.organisation.id],
      );
      // The failed ones wait for their retry (backoff), the others are done.
      assert.deepEqual(rows, [
        { status: 'delivered', n: 3 },
        { status: 'pending', n: 3 },
      ]);
    } finally {
      receiver.respond = () => ({ status: 200, body: 'ok' });
    }
  });

  if (engine === 'postgres') {
    it('two running worker loops on one PostgreSQL send each event once, each key in order', async () => {
      const org = await ctx().newOrganisation();
      await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/batch-loops`, events: ['*'] });
      receiver.respond = () => ({ status: 200, delayMs: 2 });
      const otherDb = await openPostgres(ctx().testDb.url!, { max: 5 });
      const options = { perTargetConcurrency: 8, maxInFlight: 16, pollIntervalMs: 20 };
      const workers = [startWebhookWorker(ctx().deps, options), startWebhookWorker({ ...ctx().deps, db: otherDb }, options)];
      const before = receiver.requests.length;
      const offers = 5;
      const perOffer = 20;
      try {
        for (let n = 1; n <= perOffer; n++)
          await emit(
            org.organisation.id,
            'offer.updated',
            Array.from({ length: offers }, (_, o) => ({ data: { id: `offer-${o}`, n } })),
          );
        await receiver.waitFor(before + offers * perOffer, 30_000);
        await new Promise((r) => setTimeout(r, 200)); // a duplicate would arrive now
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
        await otherDb.close();
        receiver.respond = () => ({ status: 200, body: 'ok' });
      }
      const got = receiver.requests
        .slice(before)
        .map((r) => JSON.parse(r.body) as { event: { id: string }; data: { id: string; n: number } });
      assert.equal(got.length, offers * perOffer, 'no duplicates');
      assert.equal(new Set(got.map((b) => b.event.id)).size, offers * perOffer);
      for (let o = 0; o < offers; o++) {
        const order = got.filter((b) => b.data.id === `offer-${o}`).map((b) => b.data.n);
        assert.deepEqual(
          order,
          Array.from({ length: perOffer }, (_, i) => i + 1),
          `offer-${o} in order`,
        );
      }
    });
  }
});
