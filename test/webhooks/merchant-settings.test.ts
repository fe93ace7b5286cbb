// The merchant's signed settings endpoints (/api/v2/settings/info, /settings/update), through the real
// application (the Merchant API's key + signature check), and the callback that follows.
import assert from 'node:assert/strict';
import { before, after, it } from 'node:test';
import { sign } from '../../src/invoices/signature.js';
import type { CreatedOrganisation } from '../../src/organisations/service.js';
import type { App } from '../../src/platform/deps.js';
import { enqueue } from '../../src/platform/outbox.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { json } from '../helpers/app.js';
import { describeWebhooks, startReceiver, type Receiver } from './helpers.js';

const SANDBOX = { mode: 'sandbox', evm_xpub_fingerprint: null };

describeWebhooks('merchant settings (signed)', (ctx) => {
  let api: App;
  let receiver: Receiver;
  let org: CreatedOrganisation;
  before(async () => {
    api = ctx().app;
    receiver = await startReceiver();
    org = await ctx().newOrganisation();
  });
  after(async () => {
    await receiver.close();
  });
  const call = (path: string, body: unknown, secret = org.merchant.secret) => {
    const raw = JSON.stringify(body);
    return api.inject({
      method: 'POST',
      url: `/api/v2${path}`,
      headers: { 'content-type': 'application/json', 'x-processing-key': org.merchant.key, 'x-processing-signature': sign(secret, raw) },
      payload: raw,
    });
  };

  it('reads and sets the callback URL; the next callback goes there, signed', async () => {
    assert.deepEqual(json(await call('/settings/info', {})), { data: { ...SANDBOX, callback_url: null } });
    const set = await call('/settings/update', { callback_url: `${receiver.url}/merchant` });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(json(set), { data: { ...SANDBOX, callback_url: `${receiver.url}/merchant` } });
    assert.deepEqual(json(await call('/settings/info', {})), { data: { ...SANDBOX, callback_url: `${receiver.url}/merchant` } });

    await ctx().deps.db.transaction((tx) =>
      enqueue(tx, { organisationId: org.organisation.id, topic: 'merchant.invoice_callback', payload: { id: 9, status: 'pending' } }),
    );
    assert.equal((await runOnce(ctx().deps)).delivered, 1);
    const [request] = receiver.requests;
    assert.equal(request!.url, '/merchant');
    assert.equal(request!.headers['x-processing-signature'], sign(org.merchant.secret, request!.body));

    assert.deepEqual(json(await call('/settings/update', { callback_url: null })), { data: { ...SANDBOX, callback_url: null } });
  });

  it("refuses a bad signature (403) and bad values in the vendor's field-error format (400)", async () => {
    const forged = await call('/settings/update', { callback_url: 'https://evil.example/' }, 'not-the-secret');
    assert.equal(forged.statusCode, 403);
    assert.deepEqual(json(await call('/settings/info', {})), { data: { ...SANDBOX, callback_url: null } });

    const missing = await call('/settings/update', {});
    assert.equal(missing.statusCode, 400);
    assert.ok(json(missing).errors.callback_url);
    const notUrl = await call('/settings/update', { callback_url: 'ftp://x' });
    assert.equal(notUrl.statusCode, 400);
    assert.match(json(notUrl).errors.callback_url, /http or https/);
    const extra = await call('/settings/update', { callback_url: null, other: 1 });
    assert.equal(extra.statusCode, 400);
    assert.ok(json(extra).errors.other);
  });
});
