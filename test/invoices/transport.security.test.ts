// Authentication and transport exactly as the vendor documents them.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sign } from '../../src/invoices/signature.js';
import { describeEachEngine, json, type TestApp } from '../helpers/app.js';
import { invoiceBody, merchantClient, setFeatures } from '../helpers/merchant.js';

const forbidden = (code: string, error: string) => ({ error, code });

describeEachEngine('merchant api transport', (ctx) => {
  let creds: { key: string; secret: string };
  let orgId: string;
  const app = () => ctx().app;
  const send = (headers: Record<string, string>, payload = '{}', url = '/api/v2/accounts/list', method: 'POST' | 'GET' = 'POST') =>
    app().inject({ method, url, payload, headers });

  it('sets up a merchant', async () => {
    const org = await ctx().newOrganisation();
    creds = org.merchant;
    orgId = org.organisation.id;
  });

  it('answers GET /api/v2/ping with OK and no auth', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/v2/ping' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, 'OK');
  });

  it('403 required_header_key without X-Processing-Key', async () => {
    const res = await send({ 'content-type': 'application/json', 'x-processing-signature': sign(creds.secret, '{}') });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(json(res), forbidden('required_header_key', 'No key header'));
  });

  it('403 required_header_signature without X-Processing-Signature', async () => {
    const res = await send({ 'content-type': 'application/json', 'x-processing-key': creds.key });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(json(res), forbidden('required_header_signature', 'No signature header'));
  });

  it('403 bad_header_key for an unknown key', async () => {
    const res = await send({
      'content-type': 'application/json',
      'x-processing-key': 'nope',
      'x-processing-signature': sign(creds.secret, '{}'),
    });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(json(res), forbidden('bad_header_key', 'Bad key header'));
  });

  it('403 bad_header_signature when the signature does not cover the exact body', async () => {
    for (const signature of [sign(creds.secret, '{ }'), sign('other-secret', '{}'), 'abc', sign(creds.secret, '{}').slice(2)]) {
      const res = await send({ 'content-type': 'application/json', 'x-processing-key': creds.key, 'x-processing-signature': signature });
      assert.equal(res.statusCode, 403);
      assert.deepEqual(json(res), forbidden('bad_header_signature', 'Bad signature header'));
    }
  });

  it('an unknown URL under /api/v2 answers 403 required_header_key, even when signed', async () => {
    for (const url of ['/api/v2/nope', '/api/v2/invoices/x/unknown']) {
      const res = await send(
        { 'content-type': 'application/json', 'x-processing-key': creds.key, 'x-processing-signature': sign(creds.secret, '{}') },
        '{}',
        url,
      );
      assert.equal(res.statusCode, 403);
      assert.deepEqual(json(res), forbidden('required_header_key', 'No key header'));
    }
  });

  it('400 bad_content_format for a body that is not JSON, not an object, or without Content-Type: application/json', async () => {
    const cases: Array<[string, string | undefined]> = [
      ['{"a":', 'application/json'],
      ['', 'application/json'],
      ['"text"', 'application/json'],
      ['{}', 'text/plain'],
      ['{}', undefined],
    ];
    for (const [payload, type] of cases) {
      const headers: Record<string, string> = { 'x-processing-key': creds.key, 'x-processing-signature': sign(creds.secret, payload) };
      if (type) headers['content-type'] = type;
      const res = await send(headers, payload, '/api/v2/invoices/create');
      assert.equal(res.statusCode, 400, `${payload} ${type}`);
      assert.deepEqual(json(res), { error: 'Bad content format', code: 'bad_content_format' });
    }
  });

  it('checks the headers before the content format', async () => {
    const res = await send({ 'content-type': 'text/plain' }, 'not json');
    assert.equal(res.statusCode, 403);
  });

  it('a key stops working once rotated', async () => {
    const rotated = await app().inject({
      method: 'POST',
      url: `/admin/organisations/${orgId}/merchant-keys`,
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    assert.equal(rotated.statusCode, 201);
    const old = await merchantClient(app(), creds).post('/accounts/list', {});
    assert.deepEqual(json(old), forbidden('bad_header_key', 'Bad key header'));
    creds = json(rotated);
    assert.equal((await merchantClient(app(), creds).post('/accounts/list', {})).statusCode, 200);
  });

  it('400 "Required features [invoices_enabled] not enabled." when invoices are switched off', async () => {
    const client = merchantClient(app(), creds);
    const created = await client.post('/invoices/create', invoiceBody({ foreign_id: 'feature-1' }));
    assert.equal(created.statusCode, 200);
    assert.equal((await setFeatures(app(), orgId, { invoices_enabled: false })).statusCode, 200);
    const expected = { message: 'Required features [invoices_enabled] not enabled.' };
    for (const [path, body] of [
      ['/invoices/create', invoiceBody()],
      ['/invoices/feature-1/cancel/', {}],
      ['/invoices/info', { foreign_id: 'feature-1' }],
      ['/invoices/list', {}],
      ['/sandbox/invoices/feature-1/payments', {}],
    ] as const) {
      const res = await client.post(path, body);
      assert.equal(res.statusCode, 400, path);
      assert.deepEqual(json(res), expected);
    }
    await setFeatures(app(), orgId, { invoices_enabled: true });
    assert.equal((await client.post('/invoices/feature-1/cancel/', {})).statusCode, 200);
  });

  it('every merchant route refuses unsigned and badly signed requests', async () => {
    const routes = ctx().app.printRoutes({ commonPrefix: false });
    const paths = [
      '/invoices/create',
      '/invoices/x/cancel/',
      '/invoices/info',
      '/invoices/list',
      '/accounts/list',
      '/currencies/list',
      '/currencies/pairs',
      '/currencies/rates',
      '/transactions/info',
      '/sandbox/invoices/x/payments',
      '/sandbox/invoices/x/confirmations',
    ];
    assert.ok(routes.includes('api/v2'));
    for (const path of paths) {
      const none = await send({ 'content-type': 'application/json' }, '{}', `/api/v2${path}`);
      assert.deepEqual(json(none), forbidden('required_header_key', 'No key header'), path);
      const bad = await send(
        { 'content-type': 'application/json', 'x-processing-key': creds.key, 'x-processing-signature': sign(creds.secret, '{"x":1}') },
        '{}',
        `/api/v2${path}`,
      );
      assert.deepEqual(json(bad), forbidden('bad_header_signature', 'Bad signature header'), path);
    }
    const get = await send(
      { 'content-type': 'application/json', 'x-processing-key': creds.key, 'x-processing-signature': sign(creds.secret, '{"id":1}') },
      '{"id":2}',
      '/api/v2/transactions/info',
      'GET',
    );
    assert.deepEqual(json(get), forbidden('bad_header_signature', 'Bad signature header'), 'GET bodies are signed too');
  });

  it('another merchant cannot see or touch an invoice (not found, nothing changed)', async () => {
    const owner = merchantClient(app(), creds);
    const other = merchantClient(app(), (await ctx().newOrganisation()).merchant);
    await owner.post('/invoices/create', invoiceBody({ foreign_id: 'mine-1' }));
    const cancel = await other.post('/invoices/mine-1/cancel/', {});
    assert.equal(cancel.statusCode, 400);
    assert.deepEqual(json(cancel), { errors: { foreign_id: 'Invoice not found.' } });
    assert.deepEqual(json(await other.post('/invoices/info', { foreign_id: 'mine-1' })), { errors: { foreign_id: 'Invoice not found.' } });
    assert.equal(json(await other.post('/sandbox/invoices/mine-1/payments', { currency: 'BTC' })).errors.foreign_id, 'Invoice not found.');
    assert.equal(json(await owner.post('/invoices/info', { foreign_id: 'mine-1' })).data.status, 'created');
    // The other merchant may reuse the foreign id: uniqueness is per merchant.
    assert.equal((await other.post('/invoices/create', invoiceBody({ foreign_id: 'mine-1' }))).statusCode, 200);
  });
});

export type { TestApp };
