// Delivery order: events with the same ordering key (one invoice's callbacks, one offer's webhooks)
// reach a target one at a time, in the order they were written. A later one waits while an earlier
// one is retried, until that one is delivered or finally fails; other keys and targets go on.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { openPostgres } from '../../src/db/postgres.js';
import { enqueue } from '../../src/platform/outbox.js';
import { MERCHANT_RETRY_MINUTES } from '../../src/webhooks/schedule.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { ManualClock } from '../helpers/app.js';
import { createWebhook, describeWebhooks, setCallbackUrl, startReceiver, type Receiver } from './helpers.js';

const clock = new ManualClock();
const MINUTE = 60_000;

/** What a receiver got on one path, as `<id>:<status>` (callbacks) or `<offer id>:<n>` (webhooks). */
function seen(receiver: Receiver, path: string): string[] {
  return receiver.requests
    .filter((r) => r.url === path)
    .map((r) => {
      const body = JSON.parse(r.body);
      return body.event ? `${body.data.id}:${body.data.n}` : `${body.id}:${body.status}`;
    });
}

/** The entries of one invoice or offer, in arrival order. */
const of = (got: string[], id: number | string) => got.filter((s) => s.startsWith(`${id}:`)).map((s) => s.slice(String(id).length + 1));

describeWebhooks(
  'delivery order',
  (ctx, engine) => {
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver.close();
    });

    const callbacks = async (organisationId: string, invoiceId: number, statuses: string[]) =>
      ctx().deps.db.transaction(async (tx) => {
        for (const status of statuses)
          await enqueue(tx, {
            organisationId,
            topic: 'merchant.invoice_callback',
            payload: { id: invoiceId, status },
            orderingKey: `invoice:${invoiceId}`,
          });
      });

    it("a failing callback holds back its invoice's later ones until delivered; other invoices are not held up", async () => {
      const org = await ctx().newOrganisation();
      await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/order-a`);
      let failures = 3;
      receiver.respond = (r) => {
        const body = JSON.parse(r.body);
        if (r.url === '/order-a' && body.id === 1 && body.status === 'pending' && failures-- > 0) return { status: 500 };
        return { status: 200 };
      };
      await callbacks(org.organisation.id, 1, ['pending', 'processing', 'confirmed']);
      await callbacks(org.organisation.id, 2, ['pending', 'processing', 'confirmed']);

      // Each pass sends at most the head of each invoice: invoice 2 flows while invoice 1's first waits for its retry.
      for (let i = 0; i < 5; i++) await runOnce(ctx().deps);
      assert.deepEqual(of(seen(receiver, '/order-a'), 1), ['pending']);
      assert.deepEqual(of(seen(receiver, '/order-a'), 2), ['pending', 'processing', 'confirmed']);

      await callbacks(org.organisation.id, 2, ['failed']);
      for (const minutes of MERCHANT_RETRY_MINUTES.slice(0, 3)) {
        clock.advance(minutes * MINUTE);
        await runOnce(ctx().deps);
      }
      for (let i = 0; i < 3; i++) await runOnce(ctx().deps);
      const got = seen(receiver, '/order-a');
      assert.deepEqual(of(got, 1), ['pending', 'pending', 'pending', 'pending', 'processing', 'confirmed']);
      assert.deepEqual(of(got, 2), ['pending', 'processing', 'confirmed', 'failed']);
      assert.ok(got.indexOf('2:confirmed') < got.lastIndexOf('1:pending'), 'invoice 2 was not held up by the retries');
    });

    it('a callback that finally fails lets the next one go', async () => {
      const org = await ctx().newOrganisation();
      await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/order-b`);
      receiver.respond = (r) => (r.url === '/order-b' && JSON.parse(r.body).status === 'pending' ? { status: 503 } : { status: 200 });
      await callbacks(org.organisation.id, 3, ['pending', 'processing']);
      await runOnce(ctx().deps);
      for (const minutes of MERCHANT_RETRY_MINUTES) {
        clock.advance(minutes * MINUTE);
        await runOnce(ctx().deps);
        assert.ok(!seen(receiver, '/order-b').includes('3:processing'), 'waits while the first is retried');
      }
      await runOnce(ctx().deps);
      const got = seen(receiver, '/order-b');
      assert.equal(got.filter((s) => s === '3:pending').length, 13, 'the first attempt and 12 retries');
      assert.equal(got.at(-1), '3:processing');
      const { rows } = await ctx().deps.db.query<{ status: string }>(
        'SELECT status FROM webhook_deliveries WHERE organisation_id = $1 ORDER BY seq',
        [org.organisation.id],
      );
      assert.deepEqual(
        rows.map((r) => r.status),
        ['failed', 'delivered'],
      );
    });

    it("offer webhooks: one offer's events in order per endpoint; other offers and other endpoints are not held up", async () => {
      const org = await ctx().newOrganisation();
      await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/hook-a`, events: ['*'] });
      await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/hook-b`, events: ['*'] });
      let failures = 2;
      receiver.respond = (r) => {
        const body = JSON.parse(r.body);
        if (r.url === '/hook-a' && body.data.id === 'o1' && body.data.n === 1 && failures-- > 0) return { status: 500 };
        return { status: 200 };
      };
      await ctx().deps.db.transaction(async (tx) => {
        const emit = (topic: 'offer.updated' | 'offer.published' | 'offer.approval.requested', data: Record<string, unknown>) =>
          enqueue(tx, { organisationId: org.organisation.id, topic, payload: { data } });
        await emit('offer.updated', { id: 'o1', n: 1 });
        await emit('offer.published', { id: 'o1', n: 2 });
        await emit('offer.updated', { id: 'o2', n: 1 });
        // Approval events name the offer as offerId: ordered with the offer's own events.
        await emit('offer.approval.requested', { offerId: 'o1', id: 'o1', n: 3 });
      });
      // The key is decided at enqueue, so the claim query can see it on rows not dispatched yet.
      const { rows } = await ctx().deps.db.query<{ ordering_key: string }>(
        'SELECT ordering_key FROM outbox WHERE organisation_id = $1 ORDER BY id',
        [org.organisation.id],
      );
      assert.deepEqual(
        rows.map((r) => r.ordering_key),
        ['offer:o1', 'offer:o1', 'offer:o2', 'offer:o1'],
      );
      for (let i = 0; i < 4; i++) await runOnce(ctx().deps, { random: () => 0 });
      assert.deepEqual(of(seen(receiver, '/hook-a'), 'o1'), ['1']);
      assert.deepEqual(of(seen(receiver, '/hook-a'), 'o2'), ['1']);
      assert.deepEqual(of(seen(receiver, '/hook-b'), 'o1'), ['1', '2', '3'], 'the other endpoint is not held up');
      for (let i = 0; i < 5; i++) {
        clock.advance(60 * MINUTE);
        await runOnce(ctx().deps, { random: () => 0 });
      }
      assert.deepEqual(of(seen(receiver, '/hook-a'), 'o1'), ['1', '1', '1', '2', '3']);
    });

    if (engine === 'postgres') {
      it('an older outbox row not dispatched yet (another replica holds it) holds back the later delivery', async () => {
        const org = await ctx().newOrganisation();
        await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/order-c`);
        receiver.respond = () => ({ status: 200 });
        await callbacks(org.organisation.id, 4, ['pending', 'processing']);
        const other = await openPostgres(ctx().testDb.url!, { max: 1 });
        // Another dispatcher has claimed the first row (FOR UPDATE) and not committed yet.
        let release!: () => void;
        const held = new Promise<void>((r) => {
          release = r;
        });
        let locked!: () => void;
        const isLocked = new Promise<void>((r) => {
          locked = r;
        });
        const holder = other.transaction(async (tx) => {
          await tx.query(`SELECT id FROM outbox WHERE organisation_id = $1 AND dispatched_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE`, [
            org.organisation.id,
          ]);
          locked();
          await held;
        });
        try {
          await isLocked;
          const pass = await runOnce(ctx().deps);
          assert.equal(pass.dispatched, 1, 'the later row is dispatched');
          assert.equal(pass.attempted, 0, 'but not sent before the earlier one');
          assert.deepEqual(seen(receiver, '/order-c'), []);
        } finally {
          release();
          await holder;
          await other.close();
        }
        for (let i = 0; i < 3; i++) await runOnce(ctx().deps);
        assert.deepEqual(seen(receiver, '/order-c'), ['4:pending', '4:processing']);
      });

      it('two workers on one PostgreSQL keep every invoice in order, each callback once, one at a time per invoice', async () => {
        const org = await ctx().newOrganisation();
        await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/order-d`);
        const statuses = ['pending', 'processing', 'confirmed'];
        const open = new Map<number, number>();
        let overlap = false;
        receiver.respond = (r) => {
          const id = JSON.parse(r.body).id as number;
          if (open.get(id)) overlap = true;
          open.set(id, 1);
          // Created before the receiver's reply timer with the same delay, so it fires just before the reply.
          const delayMs = 5 + (id % 4);
          setTimeout(() => open.set(id, 0), delayMs);
          return { status: 200, delayMs };
        };
        const invoices = Array.from({ length: 12 }, (_, i) => 100 + i);
        for (const id of invoices) await callbacks(org.organisation.id, id, statuses);
        const otherDb = await openPostgres(ctx().testDb.url!, { max: 5 });
        const workers = [ctx().deps, { ...ctx().deps, db: otherDb }];
        try {
          for (let round = 0; round < 100; round++) {
            const results = await Promise.all(workers.map((deps) => runOnce(deps, { dispatchBatch: 7, maxInFlight: 6 })));
            if (results.every((r) => r.dispatched === 0 && r.attempted === 0)) break;
          }
        } finally {
          await otherDb.close();
        }
        const got = seen(receiver, '/order-d');
        assert.equal(got.length, invoices.length * statuses.length, 'each callback exactly once');
        for (const id of invoices)
          assert.deepEqual(
            got.filter((s) => s.startsWith(`${id}:`)),
            statuses.map((s) => `${id}:${s}`),
          );
        assert.equal(overlap, false, 'never two callbacks of one invoice at once');
      });
    }
  },
  { clock },
);
