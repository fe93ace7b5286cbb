// The webhook endpoints API and end-to-end delivery to a real local receiver.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, it } from 'node:test';
import { enqueue } from '../../src/platform/outbox.js';
import { sign as signMerchant, verify as verifyMerchant } from '../../src/invoices/signature.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { bearer, json } from '../helpers/app.js';
import { createWebhook, describeWebhooks, setCallbackUrl, startReceiver, type Receiver } from './helpers.js';

describeWebhooks('webhooks API and delivery', (ctx) => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
  });

  it('documents its routes in the OpenAPI document', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(response.statusCode, 200);
    const paths = json(response).paths;
    for (const p of [
      '/webhooks',
      '/webhooks/{id}',
      '/webhooks/{id}/rotate-secret',
      '/webhooks/{id}/deliveries',
      '/webhooks/deliveries/{id}/redeliver',
      '/available-webhook-events',
      '/admin/organisations/{id}/merchant',
    ]) {
      assert.ok(paths[p], p);
    }
    assert.ok(paths['/webhooks'].post.responses['201']);
  });

  it('lists the event catalogue', async () => {
    const org = await ctx().newOrganisation();
    const response = await ctx().app.inject({ method: 'GET', url: '/available-webhook-events', headers: bearer(org.apiToken) });
    assert.equal(response.statusCode, 200);
    const names = json(response).data.map((e: { name: string }) => e.name);
    for (const name of ['offer.created', 'offer.signed', 'offer.recipient.viewed', 'offer.approval.rejected', 'webhook_endpoint.disabled'])
      assert.ok(names.includes(name), name);
  });

  it('creates an endpoint (secret shown once), lists, gets, updates, rotates and deletes it', async () => {
    const org = await ctx().newOrganisation();
    const created = await ctx().app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: bearer(org.apiToken),
      payload: { version: 'v1', events: ['offer.signed', 'offer.created'], enabled: true, url: `${receiver.url}/a` },
    });
    assert.equal(created.statusCode, 201);
    const hook = json(created);
    assert.match(hook.secret, /^whsec_/);
    assert.deepEqual(hook.events, ['offer.signed', 'offer.created']);
    assert.equal(hook.enabled, true);

    const list = json(await ctx().app.inject({ method: 'GET', url: '/webhooks', headers: bearer(org.apiToken) }));
    assert.equal(list.data.length, 1);
    assert.equal(list.data[0].secret, undefined, 'the secret is shown once');
    const got = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${hook.id}`, headers: bearer(org.apiToken) }));
    assert.equal(got.secret, undefined);

    const patched = await ctx().app.inject({
      method: 'PATCH',
      url: `/webhooks/${hook.id}`,
      headers: bearer(org.apiToken),
      payload: { events: ['*'], enabled: false },
    });
    assert.equal(patched.statusCode, 200);
    assert.deepEqual(json(patched).events, ['*']);
    assert.equal(json(patched).enabled, false);
    assert.equal(json(patched).disabledReason, 'manual');

    const rotated = await ctx().app.inject({ method: 'POST', url: `/webhooks/${hook.id}/rotate-secret`, headers: bearer(org.apiToken) });
    assert.equal(rotated.statusCode, 200);
    assert.notEqual(json(rotated).secret, hook.secret);

    assert.equal(
      (await ctx().app.inject({ method: 'DELETE', url: `/webhooks/${hook.id}`, headers: bearer(org.apiToken) })).statusCode,
      204,
    );
    assert.equal((await ctx().app.inject({ method: 'GET', url: `/webhooks/${hook.id}`, headers: bearer(org.apiToken) })).statusCode, 404);
    assert.equal(
      (await ctx().app.inject({ method: 'DELETE', url: `/webhooks/${hook.id}`, headers: bearer(org.apiToken) })).statusCode,
      404,
    );
  });

  it('refuses unknown events and bad URLs with 422', async () => {
    const org = await ctx().newOrganisation();
    const unknown = await ctx().app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: bearer(org.apiToken),
      payload: { url: receiver.url, events: ['offer.exploded'] },
    });
    assert.equal(unknown.statusCode, 422);
    assert.equal(json(unknown).violations[0].propertyPath, 'events');
    const badUrl = await ctx().app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: bearer(org.apiToken),
      payload: { url: 'ftp://x', events: ['*'] },
    });
    assert.equal(badUrl.statusCode, 422);
    assert.equal(json(badUrl).violations[0].propertyPath, 'url');
    const empty = await ctx().app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: bearer(org.apiToken),
      payload: { url: receiver.url, events: [] },
    });
    assert.equal(empty.statusCode, 422);
  });

  it('delivers an offer event in Fynn format with a verifiable X-Webhook-Signature, once per subscribed endpoint', async () => {
    const org = await ctx().newOrganisation();
    const signed = await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/signed`, events: ['offer.signed'] });
    const all = await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/all`, events: ['*'] });
    await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/other`, events: ['offer.created'] });
    const before = receiver.requests.length;
    const eventId = await ctx().deps.db.transaction((tx) =>
      enqueue(tx, {
        organisationId: org.organisation.id,
        topic: 'offer.signed',
        payload: { data: { id: '01J0OFFER', status: 'signed', name: 'Ünïcode €' } },
      }),
    );
    const result = await runOnce(ctx().deps);
    assert.equal(result.delivered, 2);
    const got = receiver.requests.slice(before);
    assert.deepEqual(got.map((r) => r.url).sort(), ['/all', '/signed']);
    for (const request of got) {
      const secret = request.url === '/signed' ? signed.secret : all.secret;
      const expected = crypto.createHmac('sha256', secret).update(request.body).digest('hex');
      assert.equal(request.headers['x-webhook-signature'], expected);
      assert.equal(request.headers['content-type'], 'application/json');
      const body = JSON.parse(request.body);
      assert.deepEqual(Object.keys(body), ['event', 'tenantId', 'data']);
      assert.equal(body.event.type, 'offer.signed');
      assert.equal(body.event.id, eventId);
      assert.equal(body.event.version, '1.0.0');
      assert.match(body.event.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      assert.equal(body.tenantId, org.organisation.id);
      assert.deepEqual(body.data, { id: '01J0OFFER', status: 'signed', name: 'Ünïcode €' });
    }
    // Nothing left: a second pass sends nothing.
    assert.deepEqual(await runOnce(ctx().deps), { dispatched: 0, attempted: 0, delivered: 0 });

    const log = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${signed.id}/deliveries`, headers: bearer(org.apiToken) }));
    assert.equal(log.meta.totalItems, 1);
    const [delivery] = log.data;
    assert.equal(delivery.status, 'delivered');
    assert.equal(delivery.eventId, eventId);
    assert.equal(delivery.attempts, 1);
    assert.equal(delivery.lastStatusCode, 200);
    assert.equal(delivery.lastResponse, 'ok');
    assert.equal(delivery.attemptLog.length, 1);
    assert.equal(delivery.attemptLog[0].succeeded, true);
    assert.ok(delivery.attemptLog[0].latencyMs >= 0);
  });

  it('delivers a merchant callback signed with the merchant secret; only 200 counts', async () => {
    const org = await ctx().newOrganisation();
    await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/callback`);
    const callback = { id: 42, foreign_id: 'order-1', type: 'invoice', status: 'confirmed', error: '', expires_at: 1780000000 };
    await ctx().deps.db.transaction((tx) =>
      enqueue(tx, { organisationId: org.organisation.id, topic: 'merchant.invoice_callback', payload: callback }),
    );
    receiver.respond = () => ({ status: 201, body: 'created is not OK' });
    const before = receiver.requests.length;
    assert.equal((await runOnce(ctx().deps)).delivered, 0);
    receiver.respond = () => ({ status: 200, body: 'ok' });
    const request = receiver.requests[before]!;
    assert.equal(request.url, '/callback');
    assert.deepEqual(JSON.parse(request.body), callback);
    assert.equal(request.headers['x-processing-signature'], signMerchant(org.merchant.secret, request.body));
    assert.ok(verifyMerchant(org.merchant.secret, request.body, String(request.headers['x-processing-signature'])));

    const log = json(
      await ctx().app.inject({ method: 'GET', url: '/webhooks/deliveries?target=merchant_callback', headers: bearer(org.apiToken) }),
    );
    assert.equal(log.data.length, 1);
    assert.equal(log.data[0].status, 'pending');
    assert.equal(log.data[0].lastStatusCode, 201);

    // Manual redelivery sends it now.
    const redeliver = await ctx().app.inject({
      method: 'POST',
      url: `/webhooks/deliveries/${log.data[0].id}/redeliver`,
      headers: bearer(org.apiToken),
    });
    assert.equal(redeliver.statusCode, 202);
    assert.equal((await runOnce(ctx().deps)).delivered, 1);
    const after = json(
      await ctx().app.inject({ method: 'GET', url: '/webhooks/deliveries?target=merchant_callback', headers: bearer(org.apiToken) }),
    );
    assert.equal(after.data[0].status, 'delivered');
    assert.equal(after.data[0].attempts, 2);
    assert.deepEqual(
      after.data[0].attemptLog.map((a: { statusCode: number }) => a.statusCode),
      [201, 200],
    );
    assert.equal(receiver.requests[before + 1]!.body, request.body, 'every attempt sends the same bytes');
  });

  it('redelivers a delivered webhook with the same event id and body', async () => {
    const org = await ctx().newOrganisation();
    const hook = await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/again`, events: ['offer.created'] });
    await ctx().deps.db.transaction((tx) =>
      enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.created', payload: { data: { id: 'x' } } }),
    );
    const before = receiver.requests.length;
    await runOnce(ctx().deps);
    const [delivery] = json(
      await ctx().app.inject({ method: 'GET', url: `/webhooks/${hook.id}/deliveries`, headers: bearer(org.apiToken) }),
    ).data;
    assert.equal(
      (await ctx().app.inject({ method: 'POST', url: `/webhooks/deliveries/${delivery.id}/redeliver`, headers: bearer(org.apiToken) }))
        .statusCode,
      202,
    );
    await runOnce(ctx().deps);
    const [first, second] = receiver.requests.slice(before);
    assert.equal(second!.body, first!.body);
    assert.equal(second!.headers['x-webhook-signature'], first!.headers['x-webhook-signature']);
  });

  it('merchant callback URL: set, read, cleared; events without a URL are not queued', async () => {
    const org = await ctx().newOrganisation();
    await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/cb`);
    const read = await ctx().app.inject({
      method: 'GET',
      url: `/admin/organisations/${org.organisation.id}/merchant`,
      headers: bearer('test-admin-token-0123456789'),
    });
    assert.deepEqual(json(read), { callback_url: `${receiver.url}/cb`, mode: 'sandbox', evm_xpub_fingerprint: null });
    await setCallbackUrl(ctx(), org.organisation.id, null);
    await ctx().deps.db.transaction((tx) =>
      enqueue(tx, { organisationId: org.organisation.id, topic: 'merchant.invoice_callback', payload: { id: 1 } }),
    );
    const before = receiver.requests.length;
    const result = await runOnce(ctx().deps);
    assert.equal(result.attempted, 0);
    assert.equal(receiver.requests.length, before);
    const unknownOrg = await ctx().app.inject({
      method: 'PATCH',
      url: `/admin/organisations/${crypto.randomUUID()}/merchant`,
      headers: bearer('test-admin-token-0123456789'),
      payload: { callback_url: 'https://example.com/cb' },
    });
    assert.equal(unknownOrg.statusCode, 404);
  });
});
