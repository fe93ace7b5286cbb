// The webhooks screen through HTTP: add an endpoint (secret shown once, no-store, the same secret
// signs deliveries), change, disable/enable, rotate, delete; the delivery log with pages and "send
// again"; refusals in words; CSRF; another organisation's endpoint and delivery are 404s.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, it } from 'node:test';
import { enqueue } from '../../src/platform/outbox.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

const PAGE = '/app/webhooks';
const secretIn = (html: string): string => {
  const match = /<code id="webhook-secret">([^<]+)<\/code>/.exec(html);
  assert.ok(match, 'the page shows the secret');
  return match[1]!;
};

describeEachEngine('console webhooks', (ctx) => {
  let receiver: Receiver;
  let org: { organisation: { id: string }; apiToken: string };
  let cookie: string;
  let csrf: string;
  before(async () => {
    receiver = await startReceiver();
    org = await ctx().newOrganisation('Hooks GmbH');
    const email = uniqueEmail('hooks-admin');
    await addUser(ctx(), org.organisation.id, { email, role: 'admin' });
    cookie = (await signIn(ctx().app, email)).cookie;
    csrf = await csrfOf(ctx().app, cookie, PAGE);
  });
  after(async () => {
    await receiver.close();
  });
  const get = (url: string) => ctx().app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (url: string, fields: Record<string, string> = {}) => post(ctx().app, url, { _csrf: csrf, ...fields }, cookie);
  const endpointsOf = async (organisationId: string) =>
    (
      await ctx().db.query<{ id: string; url: string; events: string[]; enabled: boolean }>(
        'SELECT id, url, events, enabled FROM webhook_endpoints WHERE organisation_id = $1 ORDER BY created_at',
        [organisationId],
      )
    ).rows;
  const create = async (path: string, events: string[] = ['offer.signed']) => {
    const fields: Record<string, string> = { url: `${receiver.url}${path}` };
    for (const e of events) fields[`event.${e}`] = 'on';
    const response = await send(PAGE, fields);
    assert.equal(response.statusCode, 201, response.body);
    const rows = await endpointsOf(org.organisation.id);
    return { response, id: rows.find((r) => r.url === `${receiver.url}${path}`)!.id, secret: secretIn(response.body) };
  };
  const deliver = async (topic: 'offer.signed' | 'offer.created') => {
    await ctx().deps.db.transaction((tx) => enqueue(tx, { organisationId: org.organisation.id, topic, payload: { data: { id: 'o1' } } }));
    await runOnce(ctx().deps);
  };

  it('lists the available events and adds an endpoint: the secret is shown once, no-store, and signs deliveries', async () => {
    const form = await get(PAGE);
    assert.equal(form.statusCode, 200);
    assert.equal(form.headers['cache-control'], 'no-store');
    assert.match(form.body, /name="event.offer.signed"/);
    assert.match(form.body, /name="event.webhook_endpoint.disabled"/);
    assert.match(form.body, /name="event.\*"/);

    const { response, id, secret } = await create('/console-a', ['offer.signed', 'offer.created']);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.match(secret, /^whsec_/);
    assert.match(response.body, /data-copy="webhook-secret"/);
    assert.match(response.body, /<script nonce="[^"]+" src="\/app\/assets\/copy.js"/);
    assert.deepEqual((await endpointsOf(org.organisation.id)).find((r) => r.id === id)?.events, ['offer.signed', 'offer.created']);

    const before = receiver.requests.length;
    await deliver('offer.signed');
    const got = receiver.requests.slice(before).filter((r) => r.url === '/console-a');
    assert.equal(got.length, 1);
    assert.equal(got[0]!.headers['x-webhook-signature'], crypto.createHmac('sha256', secret).update(got[0]!.body).digest('hex'));

    const later = await get(`${PAGE}/${id}`);
    assert.equal(later.statusCode, 200);
    assert.ok(!later.body.includes(secret), 'a later page never shows the secret');
    assert.ok(!(await get(PAGE)).body.includes(secret));
    // The same endpoint through the API: the console used the same use case.
    const api = json(await ctx().app.inject({ method: 'GET', url: `/webhooks/${id}`, headers: bearer(org.apiToken) }));
    assert.equal(api.url, `${receiver.url}/console-a`);
  });

  it('keeps a description (optional, at most 500 characters): listed, returned by the API, cleared when blank', async () => {
    const url = `${receiver.url}/described`;
    const created = await send(PAGE, { url, description: '  CRM sync  ', 'event.offer.signed': 'on' });
    assert.equal(created.statusCode, 201, created.body);
    const id = (await endpointsOf(org.organisation.id)).find((r) => r.url === url)!.id;
    assert.match((await get(PAGE)).body, /<span class="muted">CRM sync<\/span>/);
    const api = () => ctx().app.inject({ method: 'GET', url: `/webhooks/${id}`, headers: bearer(org.apiToken) });
    assert.equal(json(await api()).description, 'CRM sync');
    const tooLong = await send(`${PAGE}/${id}`, { url, description: 'x'.repeat(501), 'event.offer.signed': 'on' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /at most 500 characters/);
    assert.equal(json(await api()).description, 'CRM sync');
    assert.equal((await send(`${PAGE}/${id}`, { url, description: ' ', 'event.offer.signed': 'on' })).statusCode, 303);
    assert.equal(json(await api()).description, null);
    // The API takes it too (an offerpay extension): PATCH sets and null clears.
    const patched = await ctx().app.inject({
      method: 'PATCH',
      url: `/webhooks/${id}`,
      headers: bearer(org.apiToken),
      payload: { description: 'Via API' },
    });
    assert.equal(json(patched).description, 'Via API');
    assert.equal((await send(`${PAGE}/${id}/delete`)).statusCode, 303);
  });

  it('refuses a bad endpoint in words and stores nothing', async () => {
    const count = (await endpointsOf(org.organisation.id)).length;
    const noEvents = await send(PAGE, { url: `${receiver.url}/x` });
    assert.equal(noEvents.statusCode, 400);
    assert.match(noEvents.body, /Choose at least one event/);
    assert.match(noEvents.body, new RegExp(`value="${receiver.url}/x"`), 'the form keeps what was typed');
    const noUrl = await send(PAGE, { url: ' ', 'event.offer.signed': 'on' });
    assert.equal(noUrl.statusCode, 400);
    const badUrl = await send(PAGE, { url: 'ftp://example.com/hook', 'event.offer.signed': 'on' });
    assert.equal(badUrl.statusCode, 422);
    assert.match(badUrl.body, /role="alert"/);
    const unknownEvent = await send(PAGE, { url: `${receiver.url}/x`, 'event.offer.nonsense': 'on' });
    assert.equal(unknownEvent.statusCode, 422);
    assert.match(unknownEvent.body, /Unknown event/);
    const noCsrf = await post(ctx().app, PAGE, { url: `${receiver.url}/x`, 'event.offer.signed': 'on' }, cookie);
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await endpointsOf(org.organisation.id)).length, count);
  });

  it('changes, disables, enables, rotates and deletes an endpoint', async () => {
    const { id, secret } = await create('/console-b');
    const saved = await send(`${PAGE}/${id}`, { url: `${receiver.url}/console-b2`, 'event.*': 'on' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${PAGE}/${id}?done=saved`);
    let row = (await endpointsOf(org.organisation.id)).find((r) => r.id === id)!;
    assert.equal(row.url, `${receiver.url}/console-b2`);
    assert.deepEqual(row.events, ['*']);
    assert.match((await get(`${PAGE}/${id}?done=saved`)).body, /Saved\./);
    const bad = await send(`${PAGE}/${id}`, { url: 'not a url', 'event.*': 'on' });
    assert.equal(bad.statusCode, 422);
    assert.equal((await endpointsOf(org.organisation.id)).find((r) => r.id === id)!.url, `${receiver.url}/console-b2`);

    assert.equal((await send(`${PAGE}/${id}/disable`)).statusCode, 303);
    row = (await endpointsOf(org.organisation.id)).find((r) => r.id === id)!;
    assert.equal(row.enabled, false);
    assert.match((await get(`${PAGE}/${id}`)).body, /action="\/app\/webhooks\/[^"]+\/enable"/);
    assert.equal((await send(`${PAGE}/${id}/enable`)).statusCode, 303);
    assert.equal((await endpointsOf(org.organisation.id)).find((r) => r.id === id)!.enabled, true);

    const rotated = await send(`${PAGE}/${id}/rotate-secret`);
    assert.equal(rotated.statusCode, 200);
    assert.equal(rotated.headers['cache-control'], 'no-store');
    const fresh = secretIn(rotated.body);
    assert.notEqual(fresh, secret);
    assert.match(rotated.body, /signing secret is replaced/);

    const deleted = await send(`${PAGE}/${id}/delete`);
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, `${PAGE}?done=deleted`);
    assert.ok(!(await endpointsOf(org.organisation.id)).some((r) => r.id === id));
    assert.equal((await get(`${PAGE}/${id}`)).statusCode, 404);
  });

  it('shows the delivery log a page at a time and sends a delivery again', async () => {
    const { id } = await create('/console-log', ['offer.created']);
    receiver.respond = (req) => (req.url === '/console-log' ? { status: 503, body: 'busy' } : { status: 200, body: 'ok' });
    for (let i = 0; i < 21; i++)
      await ctx().deps.db.transaction((tx) =>
        enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.created', payload: { data: { id: `o${i}` } } }),
      );
    await runOnce(ctx().deps);
    receiver.respond = () => ({ status: 200, body: 'ok' });
    const first = await get(`${PAGE}/${id}`);
    assert.equal(first.statusCode, 200);
    assert.equal((first.body.match(/<tr><td><code>offer\.created<\/code>/g) ?? []).length, 20);
    assert.match(first.body, /Page 1 of 2/);
    assert.match(first.body, /<td>503<\/td>/);
    const second = await get(`${PAGE}/${id}?page=2`);
    assert.equal((second.body.match(/<tr><td><code>offer\.created<\/code>/g) ?? []).length, 1);
    assert.equal((await get(`${PAGE}/${id}?page=abc`)).statusCode, 200);

    // Waiting for a retry: no button until it has finished. Fail them (disable) and send one again.
    assert.equal((await send(`${PAGE}/${id}/disable`)).statusCode, 303);
    // The newest in the log's own order, so it is on the first page: the dispatcher writes a batch's
    // deliveries in one statement, with one created_at, so only the id orders them.
    const { rows } = await ctx().db.query<{ id: string }>(
      "SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 1",
      [id],
    );
    const deliveryId = rows[0]!.id;
    const whileDisabled = await send(`${PAGE}/${id}/deliveries/${deliveryId}/redeliver`);
    assert.equal(whileDisabled.statusCode, 409);
    assert.match(whileDisabled.body, /disabled/);
    assert.equal((await send(`${PAGE}/${id}/enable`)).statusCode, 303);
    const page = await get(`${PAGE}/${id}`);
    assert.match(page.body, new RegExp(`action="/app/webhooks/${id}/deliveries/${deliveryId}/redeliver"`));
    const resend = await send(`${PAGE}/${id}/deliveries/${deliveryId}/redeliver`);
    assert.equal(resend.statusCode, 303, resend.body);
    assert.equal(resend.headers.location, `${PAGE}/${id}?done=redelivered`);
    const before = receiver.requests.length;
    await runOnce(ctx().deps);
    assert.ok(receiver.requests.slice(before).some((r) => r.url === '/console-log'));
    const status = await ctx().db.query<{ status: string }>('SELECT status FROM webhook_deliveries WHERE id = $1', [deliveryId]);
    assert.equal(status.rows[0]!.status, 'delivered');
    const noCsrf = await post(ctx().app, `${PAGE}/${id}/deliveries/${deliveryId}/redeliver`, {}, cookie);
    assert.equal(noCsrf.statusCode, 403);
  });

  it("answers 404 for another organisation's endpoint and delivery, and changes nothing", async () => {
    const other = await ctx().newOrganisation('Other Hooks AG');
    const created = await ctx().app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: bearer(other.apiToken),
      payload: { url: `${receiver.url}/other`, events: ['offer.created'] },
    });
    const otherId = json(created).id as string;
    await ctx().deps.db.transaction((tx) =>
      enqueue(tx, { organisationId: other.organisation.id, topic: 'offer.created', payload: { data: { id: 'x' } } }),
    );
    await runOnce(ctx().deps);
    const { rows } = await ctx().db.query<{ id: string }>('SELECT id FROM webhook_deliveries WHERE endpoint_id = $1', [otherId]);
    const otherDelivery = rows[0]!.id;
    const mine = (await endpointsOf(org.organisation.id))[0]!.id;
    assert.equal((await get(`${PAGE}/${otherId}`)).statusCode, 404);
    assert.equal((await get(`${PAGE}/not-a-uuid`)).statusCode, 404);
    for (const action of ['', '/disable', '/enable', '/rotate-secret', '/delete'])
      assert.equal((await send(`${PAGE}/${otherId}${action}`, { url: `${receiver.url}/stolen`, 'event.*': 'on' })).statusCode, 404, action);
    assert.equal((await send(`${PAGE}/${otherId}/deliveries/${otherDelivery}/redeliver`)).statusCode, 404);
    assert.equal((await send(`${PAGE}/${mine}/deliveries/${otherDelivery}/redeliver`)).statusCode, 404);
    const [row] = await endpointsOf(other.organisation.id);
    assert.deepEqual(row, { id: otherId, url: `${receiver.url}/other`, events: ['offer.created'], enabled: true });
  });
});
