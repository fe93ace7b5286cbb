// Invoice callbacks as the merchant's receiver gets them, driven through the sandbox API and the real
// delivery worker: the vendor's headers, PHP json_encode bytes that survive a PHP re-encode, one
// callback per status passed and in lifecycle order, and key rotation between writing and sending.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sign } from '../../src/invoices/signature.js';
import type { CreatedOrganisation } from '../../src/organisations/service.js';
import { ADMIN_TOKEN, bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';
import { drain, setCallbackUrl, startReceiver, type Received, type Receiver } from '../webhooks/helpers.js';
import { phpReencode } from '../webhooks/php.js';

const clock = new ManualClock();
const MINUTE = 60_000;

/** The reference's field order (§5), current docs' end_user_reference included. */
const CALLBACK_KEYS = [
  'id',
  'foreign_id',
  'end_user_reference',
  'type',
  'crypto_address',
  'currency_sent',
  'currency_received',
  'transactions',
  'fees',
  'error',
  'status',
  'fixed_at',
  'expires_at',
];

describeEachEngine(
  'invoice callbacks at the receiver',
  (ctx) => {
    let receiver: Receiver;
    let org: CreatedOrganisation;
    let client: MerchantClient;
    before(async () => {
      receiver = await startReceiver();
      org = await ctx().newOrganisation();
      client = merchantClient(ctx().app, org.merchant);
      await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/cb`);
    });
    after(async () => {
      await receiver.close();
    });

    const callbacksOf = (foreignId: string): Array<Received & { data: any }> =>
      receiver.requests.map((r) => ({ ...r, data: JSON.parse(r.body) })).filter((r) => r.data.foreign_id === foreignId);

    it('a sandbox payment confirmed at once: pending, processing, confirmed, one at a time, each as the invoice was then', async () => {
      receiver.requests.length = 0;
      receiver.respond = () => ({ status: 200, delayMs: 30 });
      await client.post('/invoices/create', invoiceBody({ foreign_id: 'full-1', amount: '100' }));
      const paid = await client.post('/sandbox/invoices/full-1/payments', { currency: 'ETH', confirmations: 12 });
      assert.equal(json(paid).data.status, 'confirmed', paid.body);
      await drain(ctx().deps);

      const got = callbacksOf('full-1');
      assert.deepEqual(
        got.map((c) => c.data.status),
        ['pending', 'processing', 'confirmed'],
      );
      assert.equal(receiver.maxConcurrent.get('/cb'), 1, 'never two callbacks of the invoice at once');
      for (const c of got) {
        assert.equal(c.headers['x-processing-key'], org.merchant.key);
        assert.equal(c.headers['x-processing-signature'], sign(org.merchant.secret, c.body));
        assert.deepEqual(Object.keys(c.data), CALLBACK_KEYS);
      }
      const [pending, processing, confirmed] = got.map((c) => c.data);
      assert.deepEqual(pending.transactions, []);
      assert.equal(pending.currency_sent.currency, 'ETH');
      assert.equal(pending.currency_sent.amount, '0.00000000');
      assert.equal(pending.currency_sent.remaining_amount, json(paid).data.sender_amount);
      assert.equal(processing.transactions.length, 1);
      assert.equal(processing.currency_sent.remaining_amount, '0.00000000');
      assert.ok(processing.expires_at > pending.expires_at, 'the 24 h window starts at processing');
      assert.equal(confirmed.fees[0].type, 'fee_crypto_deposit');
    });

    it('partial then full payment (good_until_expired): pending, processing, confirmed in that order', async () => {
      receiver.respond = () => ({ status: 200 });
      const created = await client.post(
        '/invoices/create',
        invoiceBody({ foreign_id: 'inst-cb', type: 'good_until_expired', timer: true, sender_currency: 'LTC', amount: '80' }),
      );
      assert.equal(json(created).data.sender_amount, '1.08000000');
      assert.equal(
        json(await client.post('/sandbox/invoices/inst-cb/payments', { amount: '0.5', confirmations: 4 })).data.status,
        'pending',
      );
      assert.equal(json(await client.post('/sandbox/invoices/inst-cb/payments', { confirmations: 0 })).data.status, 'processing');
      assert.equal(json(await client.post('/sandbox/invoices/inst-cb/confirmations', {})).data.status, 'confirmed');
      await drain(ctx().deps);
      const got = callbacksOf('inst-cb').map((c) => c.data);
      assert.deepEqual(
        got.map((c) => [c.status, c.currency_sent.remaining_amount, c.transactions.length]),
        [
          ['pending', '0.58000000', 1],
          ['processing', '0.00000000', 2],
          ['confirmed', '0.00000000', 2],
        ],
      );
    });

    it('bytes as PHP json_encode writes them: a PHP receiver re-encoding the body gets the same bytes and HMAC', async () => {
      const foreignId = 'order/ü-🎉-1';
      const reference = 'https://shop.example/customers/Müller 🎉';
      const path = `/invoices/${encodeURIComponent(foreignId)}`;
      const made = await client.post('/invoices/create', invoiceBody({ foreign_id: foreignId, end_user_reference: reference }));
      assert.equal(made.statusCode, 200, made.body);
      const paid = await client.post(`/sandbox${path}/payments`, { currency: 'BTC', amount: '0.0001', confirmations: 0 });
      assert.equal(paid.statusCode, 200, paid.body);
      assert.equal((await client.post(`${path}/cancel/`, {})).statusCode, 200);
      await drain(ctx().deps);
      const got = callbacksOf(foreignId);
      assert.deepEqual(
        got.map((c) => c.data.status),
        ['pending', 'pending', 'failed'],
      );
      for (const c of got) {
        assert.equal(c.data.end_user_reference, reference);
        assert.ok(c.body.includes('"foreign_id":"order\\/\\u00fc-\\ud83c\\udf89-1"'), c.body);
        assert.ok(c.body.includes('"end_user_reference":"https:\\/\\/shop.example\\/customers\\/M\\u00fcller \\ud83c\\udf89"'));
        assert.ok(!/[^\x20-\x7e]/.test(c.body), 'ASCII only');
        const reencoded = phpReencode(c.body);
        assert.equal(reencoded, c.body);
        assert.equal(sign(org.merchant.secret, reencoded), c.headers['x-processing-signature']);
      }
      // What the outbox stored is what was sent.
      const { rows } = await ctx().db.query<{ body: string }>(
        "SELECT body FROM outbox WHERE topic = 'merchant.invoice_callback' AND payload->>'foreign_id' = $1 ORDER BY id",
        [foreignId],
      );
      assert.deepEqual(
        rows.map((r) => r.body),
        got.map((c) => c.body),
      );
    });

    it('a key rotated between writing and sending: the retry names the new key and is signed with its secret', async () => {
      let failFirst = true;
      receiver.respond = () => {
        if (!failFirst) return { status: 200 };
        failFirst = false;
        return { status: 500 };
      };
      await client.post('/invoices/create', invoiceBody({ foreign_id: 'rotate-1', timer: true }));
      assert.equal((await client.post('/invoices/rotate-1/cancel/', {})).statusCode, 200);
      await drain(ctx().deps);
      const rotated = await ctx().app.inject({
        method: 'POST',
        url: `/admin/organisations/${org.organisation.id}/merchant-keys`,
        headers: bearer(ADMIN_TOKEN),
      });
      assert.equal(rotated.statusCode, 201, rotated.body);
      const fresh = json<{ key: string; secret: string }>(rotated);
      clock.advance(MINUTE);
      await drain(ctx().deps);
      const [first, retry] = callbacksOf('rotate-1');
      assert.equal(first!.headers['x-processing-key'], org.merchant.key);
      assert.equal(first!.headers['x-processing-signature'], sign(org.merchant.secret, first!.body));
      assert.equal(retry!.body, first!.body, 'the same bytes');
      assert.equal(retry!.headers['x-processing-key'], fresh.key);
      assert.equal(retry!.headers['x-processing-signature'], sign(fresh.secret, retry!.body));
      client = merchantClient(ctx().app, fresh);
    });
  },
  { clock },
);
