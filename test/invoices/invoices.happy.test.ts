// The create → pay → confirm flows of the three invoice types, cancel, reads and the ledger.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sha256 } from '../../src/platform/crypto.js';
import { describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const clock = new ManualClock();
const T0 = Math.floor(clock.now().getTime() / 1000);

async function outbox(ctx: () => { db: { query: (sql: string, p?: unknown[]) => Promise<{ rows: any[] }> } }, foreignId: string) {
  const { rows } = await ctx().db.query(
    "SELECT topic, payload FROM outbox WHERE topic = 'merchant.invoice_callback' AND payload->>'foreign_id' = $1 ORDER BY id",
    [foreignId],
  );
  return rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload));
}

describeEachEngine(
  'merchant invoices happy paths',
  (ctx) => {
    let client: MerchantClient;

    it('sets up a merchant', async () => {
      client = merchantClient(ctx().app, (await ctx().newOrganisation()).merchant);
    });

    it('type 1 (no timer): customer picks the currency later; nothing fixed yet', async () => {
      const res = await client.post(
        '/invoices/create',
        invoiceBody({ foreign_id: 'plain-1', end_user_reference: 'cust-7', amount: 106.75 }),
      );
      assert.equal(res.statusCode, 200);
      const { data } = json(res);
      assert.equal(typeof data.id, 'number');
      assert.match(data.url, /^http:\/\/offerpay\.test\/invoice\/[A-Za-z0-9_-]{20,}$/);
      assert.deepEqual(
        { ...data, id: 0, url: '' },
        {
          id: 0,
          url: '',
          foreign_id: 'plain-1',
          end_user_reference: 'cust-7',
          address: null,
          title: 'Order 42',
          status: 'created',
          currency: 'EUR',
          amount: '106.75000000',
          sender_currency: null,
          sender_amount: null,
          fixed_at: null,
          release_at: null,
          seconds_left: null,
        },
      );
      // The page link is a bearer credential: stored only as its SHA-256 and encrypted, never in the clear.
      const slug = new URL(data.url).pathname.split('/').pop()!;
      const { rows } = await ctx().db.query<Record<string, any>>('SELECT * FROM invoices WHERE id = $1', [data.id]);
      assert.deepEqual(Buffer.from(rows[0]!.slug_hash), sha256(slug));
      assert.ok(!JSON.stringify(rows[0]!, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).includes(slug));
    });

    it('type 2 (timer): 15 minutes from creation, currency still open', async () => {
      const { data } = json(
        await client.post(
          '/invoices/create',
          invoiceBody({ foreign_id: 'timer-1', timer: true, sender_currency: null, end_user_reference: null }),
        ),
      );
      assert.equal(data.status, 'created');
      assert.equal(data.address, null);
      assert.equal(data.sender_currency, null);
      assert.equal(data.fixed_at, T0);
      assert.equal(data.release_at, T0 + 900);
      assert.equal(data.seconds_left, 900);
    });

    it('type 3 (timer + sender_currency): rate fixed and address assigned at once', async () => {
      const { data } = json(
        await client.post(
          '/invoices/create',
          invoiceBody({ foreign_id: 'fixed-1', timer: true, sender_currency: 'BTC', amount: '106.75' }),
        ),
      );
      assert.equal(data.status, 'created');
      assert.match(data.address, /^tb1q[0-9a-f]{38}$/);
      assert.equal(data.sender_currency, 'BTC');
      // 106.75 EUR × 1.08 USD/EUR ÷ 65000 USD/BTC, rounded up to 1e-8.
      assert.equal(data.sender_amount, '0.00177370');
      assert.equal(data.release_at, data.fixed_at + 900);
    });

    it('cancel: 200 [] and the invoice is failed with the merchant text; a callback is queued', async () => {
      const res = await client.post('/invoices/plain-1/cancel/', {});
      assert.equal(res.statusCode, 200);
      assert.deepEqual(json(res), []);
      const { data } = json(await client.post('/invoices/info', { foreign_id: 'plain-1' }));
      assert.equal(data.status, 'failed');
      assert.equal(data.error, 'Invoice cancelled by the merchant.');
      const callbacks = await outbox(ctx, 'plain-1');
      assert.equal(callbacks.length, 1);
      assert.equal(callbacks[0].status, 'failed');
      assert.equal(callbacks[0].type, 'invoice');
      assert.equal(callbacks[0].error, 'Invoice cancelled by the merchant.');
      assert.equal(callbacks[0].end_user_reference, 'cust-7');
    });

    it('cancel works from pending and processing too', async () => {
      await client.post(
        '/invoices/create',
        invoiceBody({ foreign_id: 'c-pending', timer: true, sender_currency: 'BTC', type: 'good_until_expired' }),
      );
      await client.post('/sandbox/invoices/c-pending/payments', { amount: '0.0001' });
      assert.equal(json(await client.post('/invoices/info', { foreign_id: 'c-pending' })).data.status, 'pending');
      assert.deepEqual(json(await client.post('/invoices/c-pending/cancel/', {})), []);
      await client.post('/invoices/create', invoiceBody({ foreign_id: 'c-processing', timer: true, sender_currency: 'BTC' }));
      await client.post('/sandbox/invoices/c-processing/payments', {});
      assert.equal(json(await client.post('/invoices/info', { foreign_id: 'c-processing' })).data.status, 'processing');
      assert.deepEqual(json(await client.post('/invoices/c-processing/cancel/', {})), []);
    });

    it('sandbox: pays a type-1 invoice (picking the currency), mempool → processing (24 h), confirmations → confirmed', async () => {
      await client.post('/invoices/create', invoiceBody({ foreign_id: 'pay-1', amount: '100' }));
      const seen = json(await client.post('/sandbox/invoices/pay-1/payments', { currency: 'ETH' })).data;
      assert.equal(seen.status, 'processing');
      assert.equal(seen.sender_currency, 'ETH');
      assert.equal(seen.fixed_at, T0);
      assert.equal(seen.release_at, T0 + 900);
      assert.equal(seen.seconds_left, 24 * 3600);
      const done = json(await client.post('/sandbox/invoices/pay-1/confirmations', {})).data;
      assert.equal(done.status, 'confirmed');
      assert.equal(done.seconds_left, null);
      const callbacks = await outbox(ctx, 'pay-1');
      assert.deepEqual(
        callbacks.map((c) => c.status),
        ['pending', 'processing', 'confirmed'],
      );
      const last = callbacks.at(-1);
      assert.equal(last.transactions.length, 1);
      assert.equal(last.transactions[0].transaction_type, 'blockchain');
      assert.equal(last.transactions[0].type, 'deposit');
      assert.equal(last.transactions[0].confirmations, '12');
      assert.equal(last.currency_sent.currency, 'ETH');
      assert.equal(last.currency_sent.remaining_amount, '0.00000000');
      assert.equal(last.fees[0].type, 'fee_crypto_deposit');
      assert.equal(last.error, '');
      assert.equal(last.expires_at, T0 + 24 * 3600);
      assert.equal(typeof last.fixed_at, 'number');
    });

    it('the example body works: 0.0015 BTC with 3 confirmations confirms at once (overpayment confirms)', async () => {
      await client.post(
        '/invoices/create',
        invoiceBody({ foreign_id: 'pay-2', amount: '10', currency: 'EUR', timer: true, sender_currency: 'BTC' }),
      );
      const res = await client.post('/sandbox/invoices/pay-2/payments', { currency: 'BTC', amount: '0.00150000', confirmations: 3 });
      assert.equal(res.statusCode, 200);
      assert.equal(json(res).data.status, 'confirmed');
    });

    it('good_until_expired accepts installments until the sum is reached', async () => {
      const { data } = json(
        await client.post(
          '/invoices/create',
          invoiceBody({ foreign_id: 'inst-1', type: 'good_until_expired', timer: true, sender_currency: 'LTC', amount: '80' }),
        ),
      );
      assert.equal(data.sender_amount, '1.08000000');
      const first = json(await client.post('/sandbox/invoices/inst-1/payments', { amount: '0.5', confirmations: 4 })).data;
      assert.equal(first.status, 'pending');
      const second = json(await client.post('/sandbox/invoices/inst-1/payments', { confirmations: 4 })).data;
      assert.equal(second.status, 'confirmed');
      const cbs = await outbox(ctx, 'inst-1');
      assert.equal(cbs[0].currency_sent.remaining_amount, '0.58000000');
      assert.equal(cbs.at(-1).transactions.length, 2);
    });

    it('info by id, list with pagination and status filter', async () => {
      const byForeign = json(await client.post('/invoices/info', { foreign_id: 'pay-1' })).data;
      const byId = json(await client.post('/invoices/info', { id: byForeign.id })).data;
      assert.deepEqual(byId, byForeign);
      assert.equal(byId.transactions.length, 1);
      const page1 = json(await client.post('/invoices/list', { per_page: 2 }));
      assert.equal(page1.data.length, 2);
      assert.equal(page1.meta.per_page, 2);
      assert.ok(page1.meta.total >= 7);
      assert.ok(page1.data[0].id > page1.data[1].id, 'newest first');
      const confirmed = json(await client.post('/invoices/list', { status: 'confirmed', per_page: 100 }));
      assert.deepEqual(confirmed.data.map((i: any) => i.foreign_id).sort(), ['inst-1', 'pay-1', 'pay-2']);
    });

    it('accounts/list shows ledger balances: confirmed payments converted, fees deducted, zeros included', async () => {
      const { data } = json(await client.post('/accounts/list', {}));
      const balance = Object.fromEntries(data.map((a: any) => [a.currency, a.balance]));
      assert.equal(balance.USD, '0.00000000');
      // 100 + 10 + 80 EUR invoices, less the 0.5 % deposit fee; pay-2's overpaid BTC surplus stays in BTC.
      assert.ok(Number(balance.EUR) > 189 && Number(balance.EUR) < 189.2, balance.EUR);
      assert.ok(Number(balance.BTC) > 0.0013 && Number(balance.BTC) < 0.0014, balance.BTC);
      assert.equal(balance.LTC, '0.00000000');
      assert.equal(data.find((a: any) => a.currency === 'EUR').type, 'fiat');
    });

    it('currencies/list, pairs and rates', async () => {
      const list = json(await client.post('/currencies/list', {})).data;
      assert.ok(list.some((c: any) => c.currency === 'BTC' && c.type === 'crypto' && c.precision === 8));
      const pairs = json(await client.post('/currencies/pairs', { currency_from: 'BTC' })).data;
      assert.ok(pairs.length > 1 && pairs.every((p: any) => p.currency_from.currency === 'BTC'));
      const rates = json(await client.post('/currencies/rates', { currency_from: 'BTC', currency_to: 'USD' })).data;
      assert.deepEqual(
        rates.map((r: any) => [r.currency_to.currency, r.rate_from, r.rate_to]),
        [['USD', '1', '65000.00000000']],
      );
    });

    it('transactions/info by id, txid or foreign_id, GET with a JSON body or POST', async () => {
      const info = json(await client.post('/invoices/info', { foreign_id: 'pay-1' })).data;
      const tx = info.transactions[0];
      const viaGet = await client.request('GET', '/transactions/info', { id: tx.id });
      assert.equal(viaGet.statusCode, 200, viaGet.body);
      const body = json(viaGet);
      assert.equal(body.type, 'invoice');
      assert.equal(body.status, 'confirmed');
      assert.equal(body.transactions[0].txid, tx.txid);
      assert.ok('amount_minus_fee' in body.currency_received);
      assert.deepEqual(json(await client.post('/transactions/info', { txid: tx.txid })), body);
      assert.deepEqual(json(await client.post('/transactions/info', { foreign_id: 'pay-1' })), body);
    });
  },
  { clock },
);
