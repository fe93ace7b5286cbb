// The request shapes the vendor's real clients send (issue 12): the public Go client's literal `null`
// bodies and null fields, numeric foreign ids (PHP clients), and foreign ids up to the 255 characters
// create accepts, percent-encoded in the cancel path.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { it } from 'node:test';
import YAML from 'yaml';
import { sign } from '../../src/invoices/signature.js';
import { describeEachEngine, json } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const seed = YAML.parse(fs.readFileSync('openapi/seeds/merchant-invoices-cancel.openapi.yaml', 'utf8'));
const cancelOk =
  seed.paths['/invoices/{foreign_id}/cancel/'].post.responses['200'].content['application/json'].examples['Basic example'].value;

const cancelPath = (foreignId: string) => `/invoices/${encodeURIComponent(foreignId)}/cancel/`;

describeEachEngine('merchant api: what real clients send', (ctx) => {
  let client: MerchantClient;

  it('sets up a merchant', async () => {
    client = merchantClient(ctx().app, (await ctx().newOrganisation()).merchant);
  });

  it('a Go-client-shaped request set: literal null bodies, null and empty optional fields, decimal strings', async () => {
    // The Go client marshals a nil options pointer: the body is the four bytes `null`, signed as such.
    const accounts = await client.post('/accounts/list', 'null');
    assert.equal(accounts.statusCode, 200, accounts.body);
    assert.ok(json(accounts).data.some((a: any) => a.currency === 'BTC' && a.balance === '0.00000000'));
    const currencies = await client.post('/currencies/list', 'null');
    assert.equal(currencies.statusCode, 200, currencies.body);
    assert.ok(json(currencies).data.length >= 17);
    const pairs = await client.post('/currencies/pairs', 'null');
    assert.equal(pairs.statusCode, 200, pairs.body);
    assert.deepEqual(json(pairs).data, json(await client.post('/currencies/pairs', {})).data);
    // A filtered Pairs call omits the unset filter (omitempty).
    const btc = json(await client.post('/currencies/pairs', { currency_from: 'BTC' })).data;
    assert.ok(btc.length > 0 && btc.every((p: any) => p.currency_from.currency === 'BTC'));

    // Create: sender_currency null, email_user "" (Go's zero value), amount as shopspring's decimal string.
    const created = await client.post('/invoices/create', {
      timer: false,
      title: 'Order 164',
      currency: 'EUR',
      sender_currency: null,
      amount: '10.5',
      foreign_id: '164',
      url_success: 'https://merchant.example.com/url_success',
      url_failed: 'https://merchant.example.com/url_failed',
      email_user: '',
    });
    assert.equal(created.statusCode, 200, created.body);
    assert.equal(json(created).data.amount, '10.50000000');
    assert.deepEqual(json(await client.post(cancelPath('164'), {})), cancelOk);
  });

  it('null is read as {} everywhere: required fields are still required, cancel takes it as its empty body', async () => {
    assert.deepEqual(json(await client.post('/invoices/create', 'null')), json(await client.post('/invoices/create', {})));
    await client.post('/invoices/create', invoiceBody({ foreign_id: 'null-cancel' }));
    const cancelled = await client.post(cancelPath('null-cancel'), 'null');
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.deepEqual(json(cancelled), cancelOk);
  });

  it('the signature still covers the raw bytes `null`; other scalars stay bad_content_format', async () => {
    const { merchant } = await ctx().newOrganisation();
    const send = (payload: string, signedPayload = payload) =>
      ctx().app.inject({
        method: 'POST',
        url: '/api/v2/accounts/list',
        payload,
        headers: {
          'content-type': 'application/json',
          'x-processing-key': merchant.key,
          'x-processing-signature': sign(merchant.secret, signedPayload),
        },
      });
    assert.deepEqual(json(await send('null', '{}')), { error: 'Bad signature header', code: 'bad_header_signature' });
    for (const scalar of ['1', '"x"', 'true']) {
      const res = await send(scalar);
      assert.equal(res.statusCode, 400, scalar);
      assert.deepEqual(json(res), { error: 'Bad content format', code: 'bad_content_format' });
    }
  });

  it('a numeric foreign_id is its decimal string: create, info, transactions/info, cancel', async () => {
    const created = await client.post('/invoices/create', invoiceBody({ foreign_id: 12345, timer: true, sender_currency: 'BTC' }));
    assert.equal(created.statusCode, 200, created.body);
    assert.equal(json(created).data.foreign_id, '12345');
    // The same id as a string is the same invoice (taken), and info finds it either way.
    assert.deepEqual(json(await client.post('/invoices/create', invoiceBody({ foreign_id: '12345' }))), {
      errors: { foreign_id: 'The foreign id has already been taken.' },
    });
    const byNumber = json(await client.post('/invoices/info', { foreign_id: 12345 })).data;
    assert.equal(byNumber.foreign_id, '12345');
    assert.deepEqual(json(await client.post('/invoices/info', { foreign_id: '12345' })).data, byNumber);
    await client.post('/sandbox/invoices/12345/payments', {});
    const tx = await client.post('/transactions/info', { foreign_id: 12345 });
    assert.equal(tx.statusCode, 200, tx.body);
    assert.equal(json(tx).foreign_id, '12345');
    assert.deepEqual(json(await client.post(cancelPath('12345'), {})), cancelOk);
    // 0 and negative integers are ids too.
    assert.equal(json(await client.post('/invoices/create', invoiceBody({ foreign_id: 0 }))).data.foreign_id, '0');
    assert.equal(json(await client.post('/invoices/create', invoiceBody({ foreign_id: -7 }))).data.foreign_id, '-7');
  });

  it('a fraction or an unsafe integer is not an id: "must be a string", nothing created', async () => {
    for (const foreign_id of [12.5, 2 ** 53, -(2 ** 53), 1e21]) {
      const res = await client.post('/invoices/create', invoiceBody({ foreign_id }));
      assert.equal(res.statusCode, 400, String(foreign_id));
      assert.deepEqual(json(res), { errors: { foreign_id: 'The foreign id must be a string.' } });
      assert.deepEqual(json(await client.post('/invoices/info', { foreign_id })), {
        errors: { foreign_id: 'The foreign id must be a string.' },
      });
    }
    for (const foreign_id of [true, ['1'], { id: 1 }]) {
      assert.deepEqual(json(await client.post('/invoices/create', invoiceBody({ foreign_id }))), {
        errors: { foreign_id: 'The foreign id must be a string.' },
      });
    }
    const { rows } = await ctx().db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM invoices WHERE foreign_id IN ('12.5', '9007199254740992')",
    );
    assert.equal(rows[0]!.n, 0);
  });

  it('the longest foreign_id create accepts (255 characters) is cancellable, plain and percent-encoded', async () => {
    const ids = [
      'x'.repeat(255),
      // Characters that arrive percent-encoded: `/`, space, `ü`, `%`, `?`, `#`, and one outside the BMP.
      `a/b c?d#e%f&ü😀${'ü'.repeat(241)}`,
      '😀'.repeat(255),
    ];
    for (const id of ids) {
      assert.equal([...id].length, 255);
      const created = await client.post('/invoices/create', invoiceBody({ foreign_id: id }));
      assert.equal(created.statusCode, 200, created.body);
      const res = await client.post(cancelPath(id), {});
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(json(res), cancelOk);
      assert.equal(json(await client.post('/invoices/info', { foreign_id: id })).data.status, 'failed');
    }
    // The sandbox's path takes the same ids.
    const paid = 'p'.repeat(200) + 'ü'.repeat(55);
    await client.post('/invoices/create', invoiceBody({ foreign_id: paid, timer: true, sender_currency: 'BTC' }));
    const payment = await client.post(`/sandbox/invoices/${encodeURIComponent(paid)}/payments`, { confirmations: 2 });
    assert.equal(payment.statusCode, 200, payment.body);
  });

  it('one character more: create refuses it, and a longer path gets the vendor error shape, not a bare 414', async () => {
    assert.deepEqual(json(await client.post('/invoices/create', invoiceBody({ foreign_id: 'y'.repeat(256) }))), {
      errors: { foreign_id: 'The foreign id may not be greater than 255 characters.' },
    });
    for (const id of ['y'.repeat(256), 'ü'.repeat(1000)]) {
      const res = await client.post(cancelPath(id), {});
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(json(res), { errors: { foreign_id: 'Invoice not found.' } });
    }
    // Past 8 KiB of URL, a 414 — in the vendor's {error, code} shape.
    const long = await client.post(cancelPath('ü'.repeat(2000)), {});
    assert.equal(long.statusCode, 414, long.body);
    assert.deepEqual(json(long), { error: 'The URL is longer than 8192 bytes.', code: 'uri_too_long' });
    // Authentication still comes first.
    const unsigned = await ctx().app.inject({ method: 'POST', url: `/api/v2${cancelPath('z'.repeat(300))}`, payload: '{}' });
    assert.equal(unsigned.statusCode, 403);
    assert.deepEqual(json(unsigned), { error: 'No key header', code: 'required_header_key' });
  });
});
