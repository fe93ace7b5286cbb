// Every webhook route: missing token 401, another organisation's resource 404 (and nothing changed).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, it } from 'node:test';
import { enqueue } from '../../src/platform/outbox.js';
import { runOnce } from '../../src/webhooks/worker.js';
import * as service from '../../src/webhooks/service.js';
import { AppError } from '../../src/platform/errors.js';
import { bearer, json } from '../helpers/app.js';
import { createWebhook, describeWebhooks, startReceiver } from './helpers.js';
import type { CreatedOrganisation } from '../../src/organisations/service.js';

describeWebhooks('webhooks security', (ctx) => {
  let owner: CreatedOrganisation;
  let intruder: CreatedOrganisation;
  let hookId: string;
  let deliveryId: string;

  before(async () => {
    owner = await ctx().newOrganisation();
    intruder = await ctx().newOrganisation();
    const receiver = await startReceiver();
    hookId = (await createWebhook(ctx(), owner.apiToken, { url: receiver.url, events: ['*'] })).id;
    await ctx().deps.db.transaction((tx) =>
      enqueue(tx, { organisationId: owner.organisation.id, topic: 'offer.created', payload: { data: {} } }),
    );
    await runOnce(ctx().deps);
    await receiver.close();
    deliveryId = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${hookId}/deliveries`, headers: bearer(owner.apiToken) }))
      .data[0].id;
  });

  const routes = () => [
    { method: 'GET' as const, url: `/webhooks/${hookId}` },
    { method: 'PATCH' as const, url: `/webhooks/${hookId}`, payload: { enabled: false } },
    { method: 'DELETE' as const, url: `/webhooks/${hookId}` },
    { method: 'POST' as const, url: `/webhooks/${hookId}/rotate-secret` },
    { method: 'GET' as const, url: `/webhooks/${hookId}/deliveries` },
    { method: 'POST' as const, url: `/webhooks/deliveries/${deliveryId}/redeliver` },
  ];

  it('answers 401 without a token on every route', async () => {
    for (const route of [
      ...routes(),
      { method: 'GET' as const, url: '/webhooks' },
      { method: 'POST' as const, url: '/webhooks', payload: { url: 'https://example.com', events: ['*'] } },
      { method: 'GET' as const, url: '/available-webhook-events' },
    ]) {
      const response = await ctx().app.inject(route);
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
    }
  });

  it("answers 404 for another organisation's endpoint or delivery, and changes nothing", async () => {
    for (const route of routes()) {
      const response = await ctx().app.inject({ ...route, headers: bearer(intruder.apiToken) });
      assert.equal(response.statusCode, 404, `${route.method} ${route.url}`);
    }
    const list = json(await ctx().app.inject({ method: 'GET', url: '/webhooks', headers: bearer(intruder.apiToken) }));
    assert.deepEqual(list.data, []);
    const mine = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${hookId}`, headers: bearer(owner.apiToken) }));
    assert.equal(mine.enabled, true);
    const log = json(await ctx().app.inject({ method: 'GET', url: '/webhooks/deliveries', headers: bearer(intruder.apiToken) }));
    assert.deepEqual(log.data, []);
    const [delivery] = json(
      await ctx().app.inject({ method: 'GET', url: `/webhooks/${hookId}/deliveries`, headers: bearer(owner.apiToken) }),
    ).data;
    assert.equal(delivery.status, 'delivered');
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    const unknown = await ctx().app.inject({ method: 'GET', url: `/webhooks/${crypto.randomUUID()}`, headers: bearer(owner.apiToken) });
    assert.equal(unknown.statusCode, 404);
    const malformed = await ctx().app.inject({ method: 'GET', url: '/webhooks/not-a-uuid', headers: bearer(owner.apiToken) });
    assert.equal(malformed.statusCode, 400);
  });

  it("events of one organisation never reach another organisation's endpoints", async () => {
    const receiver = await startReceiver();
    await createWebhook(ctx(), intruder.apiToken, { url: receiver.url, events: ['*'] });
    await ctx().deps.db.transaction((tx) =>
      enqueue(tx, { organisationId: owner.organisation.id, topic: 'offer.signed', payload: { data: {} } }),
    );
    await runOnce(ctx().deps);
    assert.equal(receiver.requests.length, 0);
    await receiver.close();
  });

  it('the merchant admin route needs the admin token', async () => {
    const url = `/admin/organisations/${owner.organisation.id}/merchant`;
    assert.equal((await ctx().app.inject({ method: 'PATCH', url, payload: { callback_url: null } })).statusCode, 401);
    assert.equal(
      (await ctx().app.inject({ method: 'PATCH', url, headers: bearer(owner.apiToken), payload: { callback_url: null } })).statusCode,
      401,
    );
  });

  it('refuses private, loopback and metadata targets when ALLOW_PRIVATE_WEBHOOK_TARGETS is off, at registration and at send time', async () => {
    const strict = { ...ctx().deps, config: { ...ctx().deps.config, allowPrivateWebhookTargets: false } };
    for (const url of [
      'http://127.0.0.1:8080/',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost/',
      'http://[::1]/',
      'http://[fd00:ec2::254]/',
    ]) {
      await assert.rejects(
        service.createEndpoint(strict, owner.organisation.id, { url, events: ['*'] }),
        (e) => e instanceof AppError && e.status === 422,
        url,
      );
      await assert.rejects(
        service.setMerchantCallbackUrl(strict, owner.organisation.id, url),
        (e) => e instanceof AppError && e.status === 422,
        url,
      );
    }
    // Registered while allowed, sent while not: the attempt is refused before any connection.
    const receiver = await startReceiver();
    const org = await ctx().newOrganisation();
    const hook = await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/private`, events: ['*'] });
    await ctx().deps.db.transaction((tx) =>
      enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.created', payload: { data: {} } }),
    );
    assert.equal((await runOnce(strict)).delivered, 0);
    assert.equal(receiver.requests.length, 0);
    await receiver.close();
    const [delivery] = json(
      await ctx().app.inject({ method: 'GET', url: `/webhooks/${hook.id}/deliveries`, headers: bearer(org.apiToken) }),
    ).data;
    assert.equal(delivery.status, 'pending');
    assert.match(delivery.lastError, /private or reserved/);
  });

  it('redelivery of a delivery in flight is a 409', async () => {
    await ctx().deps.db.query(
      "UPDATE webhook_deliveries SET status = 'delivering', lease_token = gen_random_uuid(), next_attempt_at = now() + interval '1 minute' WHERE id = $1",
      [deliveryId],
    );
    const response = await ctx().app.inject({
      method: 'POST',
      url: `/webhooks/deliveries/${deliveryId}/redeliver`,
      headers: bearer(owner.apiToken),
    });
    assert.equal(response.statusCode, 409);
    await ctx().deps.db.query(
      "UPDATE webhook_deliveries SET status = 'delivered', lease_token = NULL, next_attempt_at = NULL WHERE id = $1",
      [deliveryId],
    );
  });
});
