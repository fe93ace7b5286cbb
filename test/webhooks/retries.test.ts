// Retry schedules with a controllable clock, the final failed state, and disabling a failing endpoint.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { enqueue } from '../../src/platform/outbox.js';
import { MERCHANT_RETRY_MINUTES } from '../../src/webhooks/schedule.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { bearer, json, ManualClock } from '../helpers/app.js';
import { createWebhook, describeWebhooks, setCallbackUrl, startReceiver, type Receiver } from './helpers.js';

const clock = new ManualClock();
const MINUTE = 60_000;

describeWebhooks(
  'webhook retries',
  (ctx) => {
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver.close();
    });

    it('merchant callbacks: first attempt, then exactly +1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240, 240 min, then failed', async () => {
      const org = await ctx().newOrganisation();
      await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/merchant-retry`);
      receiver.respond = (r) => (r.url === '/merchant-retry' ? { status: 500, body: 'x'.repeat(5000) } : { status: 200 });
      await ctx().deps.db.transaction((tx) =>
        enqueue(tx, { organisationId: org.organisation.id, topic: 'merchant.invoice_callback', payload: { id: 1, status: 'confirmed' } }),
      );
      const start = clock.now().getTime();

      assert.equal((await runOnce(ctx().deps)).attempted, 1, 'first attempt at once');
      for (const minutes of MERCHANT_RETRY_MINUTES) {
        clock.advance(minutes * MINUTE - 1000);
        assert.equal((await runOnce(ctx().deps)).attempted, 0, `not before +${minutes} min`);
        clock.advance(1000);
        assert.equal((await runOnce(ctx().deps)).attempted, 1, `at +${minutes} min`);
      }
      clock.advance(24 * 60 * MINUTE);
      assert.equal((await runOnce(ctx().deps)).attempted, 0, 'no 14th attempt');

      const [delivery] = json(
        await ctx().app.inject({ method: 'GET', url: '/webhooks/deliveries?target=merchant_callback', headers: bearer(org.apiToken) }),
      ).data;
      assert.equal(delivery.status, 'failed');
      assert.equal(delivery.attempts, 13);
      assert.equal(delivery.nextAttemptAt, null);
      assert.equal(delivery.lastStatusCode, 500);
      assert.equal(delivery.lastResponse.length, 1000, 'the response is truncated');
      const offsets = delivery.attemptLog.map((a: { startedAt: string }) => (Date.parse(a.startedAt) - start) / MINUTE);
      let sum = 0;
      assert.deepEqual(offsets, [0, ...MERCHANT_RETRY_MINUTES.map((m) => (sum += m))]);
      assert.equal(sum, 1461);
    });

    it('offer webhooks: exponential backoff with jitter (fixed here), a visible final failed, recovery resets the failure run', async () => {
      const org = await ctx().newOrganisation();
      const hook = await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/backoff`, events: ['offer.updated'] });
      receiver.respond = (r) => (r.url === '/backoff' ? { status: 503 } : { status: 200 });
      await ctx().deps.db.transaction((tx) =>
        enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.updated', payload: { data: { id: 'o' } } }),
      );
      const options = { random: () => 0.5, backoff: { baseMs: MINUTE, maxMs: 4 * MINUTE, maxAttempts: 5 } };
      // Equal jitter with random 0.5: ceiling × 0.75 where ceiling = 1, 2, 4, 4 min.
      const delays = [0.75, 1.5, 3, 3].map((m) => m * MINUTE);
      assert.equal((await runOnce(ctx().deps, options)).attempted, 1);
      for (const delay of delays) {
        clock.advance(delay - 1);
        assert.equal((await runOnce(ctx().deps, options)).attempted, 0);
        clock.advance(1);
        assert.equal((await runOnce(ctx().deps, options)).attempted, 1);
      }
      let [delivery] = json(
        await ctx().app.inject({ method: 'GET', url: `/webhooks/${hook.id}/deliveries`, headers: bearer(org.apiToken) }),
      ).data;
      assert.equal(delivery.status, 'failed');
      assert.equal(delivery.attempts, 5);
      let endpoint = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${hook.id}`, headers: bearer(org.apiToken) }));
      assert.equal(endpoint.consecutiveFailures, 5);
      assert.equal(endpoint.enabled, true);

      receiver.respond = () => ({ status: 204 });
      await ctx().app.inject({ method: 'POST', url: `/webhooks/deliveries/${delivery.id}/redeliver`, headers: bearer(org.apiToken) });
      assert.equal((await runOnce(ctx().deps, options)).delivered, 1, '204 counts for webhooks');
      [delivery] = json(
        await ctx().app.inject({ method: 'GET', url: `/webhooks/${hook.id}/deliveries`, headers: bearer(org.apiToken) }),
      ).data;
      assert.equal(delivery.status, 'delivered');
      endpoint = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${hook.id}`, headers: bearer(org.apiToken) }));
      assert.equal(endpoint.consecutiveFailures, 0);
    });

    it('disables an endpoint after a run of consecutive failures, fails its waiting deliveries and announces it', async () => {
      const org = await ctx().newOrganisation();
      const failing = await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/dead`, events: ['offer.created'] });
      await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/watcher`, events: ['webhook_endpoint.disabled'] });
      receiver.respond = (r) => (r.url === '/dead' ? { status: 500 } : { status: 200 });
      const options = { disableAfterFailures: 3, disableAfterMs: 60_000, perTargetConcurrency: 1, random: () => 0 };
      await ctx().deps.db.transaction(async (tx) => {
        for (let i = 0; i < 5; i++)
          await enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.created', payload: { data: { n: i } } });
      });
      const before = receiver.requests.length;
      // One in flight at a time (cap 1). Three failures within a minute are not enough…
      for (let i = 0; i < 3; i++) {
        assert.equal((await runOnce(ctx().deps, options)).attempted, 1);
      }
      let endpoint = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${failing.id}`, headers: bearer(org.apiToken) }));
      assert.equal(endpoint.enabled, true);
      assert.equal(endpoint.consecutiveFailures, 3);
      assert.ok(endpoint.failingSince);
      // …a fourth a minute into the run is.
      clock.advance(60_000);
      assert.equal((await runOnce(ctx().deps, options)).attempted, 1);
      endpoint = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${failing.id}`, headers: bearer(org.apiToken) }));
      assert.equal(endpoint.enabled, false);
      assert.equal(endpoint.disabledReason, 'consecutive_failures');
      assert.ok(endpoint.disabledAt);

      await runOnce(ctx().deps, options); // dispatches and delivers the announcement
      const announced = receiver.requests.slice(before).filter((r) => r.url === '/watcher');
      assert.equal(announced.length, 1);
      const body = JSON.parse(announced[0]!.body);
      assert.equal(body.event.type, 'webhook_endpoint.disabled');
      assert.equal(body.data.id, failing.id);
      assert.equal(body.data.enabled, false);

      clock.advance(24 * 60 * MINUTE);
      await runOnce(ctx().deps, options);
      assert.equal(receiver.requests.slice(before).filter((r) => r.url === '/dead').length, 4, 'nothing more goes to a disabled endpoint');
      const log = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${failing.id}/deliveries`, headers: bearer(org.apiToken) }));
      assert.equal(log.data.length, 5);
      assert.ok(log.data.every((d: { status: string }) => d.status === 'failed'));

      // Redelivery waits until it is enabled again; enabling resets the failure count.
      const refused = await ctx().app.inject({
        method: 'POST',
        url: `/webhooks/deliveries/${log.data[0].id}/redeliver`,
        headers: bearer(org.apiToken),
      });
      assert.equal(refused.statusCode, 409);
      const enabled = json(
        await ctx().app.inject({
          method: 'PATCH',
          url: `/webhooks/${failing.id}`,
          headers: bearer(org.apiToken),
          payload: { enabled: true },
        }),
      );
      assert.equal(enabled.enabled, true);
      assert.equal(enabled.consecutiveFailures, 0);
      assert.equal(enabled.disabledAt, null);
    });

    it('a delivery whose worker died mid-send (lease expired) is sent again with the same event id', async () => {
      const org = await ctx().newOrganisation();
      await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/lease`, events: ['offer.archived'] });
      receiver.respond = () => ({ status: 200 });
      const eventId = await ctx().deps.db.transaction((tx) =>
        enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.archived', payload: { data: {} } }),
      );
      // Simulate a crash: claim without ever finishing (a worker whose requests all hang forever).
      const { dispatchOutbox } = await import('../../src/webhooks/dispatcher.js');
      await dispatchOutbox(ctx().deps);
      await ctx().deps.db.query(
        `UPDATE webhook_deliveries SET status = 'delivering', attempts = 1, attempts_total = 1, lease_token = gen_random_uuid(), next_attempt_at = $2 WHERE event_id = $1`,
        [eventId, new Date(clock.now().getTime() + 40_000)],
      );
      assert.equal((await runOnce(ctx().deps)).attempted, 0, 'the lease is still live');
      clock.advance(40_000);
      const before = receiver.requests.length;
      assert.equal((await runOnce(ctx().deps)).delivered, 1);
      assert.equal(JSON.parse(receiver.requests[before]!.body).event.id, eventId);
    });
  },
  { clock },
);
