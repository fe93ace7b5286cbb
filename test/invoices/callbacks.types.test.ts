// Every callback body the invoice lifecycle can produce decodes into a typed client's model: the Rust
// connector's (crypto_address and currency_sent with non-optional string fields, error a string,
// txid and confirmations strings) and the Go client's (fixed_at/expires_at integers or null).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runDueInvoiceTimers } from '../../src/invoices/worker.js';
import { fanOut } from '../../src/webhooks/dispatcher.js';
import type { OutboxRow } from '../../src/webhooks/outbox-repository.js';
import { describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const clock = new ManualClock();
const MINUTE = 60_000;

type Check = (v: unknown, path: string) => void;
const str: Check = (v, path) => assert.equal(typeof v, 'string', `${path} must be a string, is ${JSON.stringify(v)}`);
const int: Check = (v, path) => assert.ok(Number.isInteger(v), `${path} must be an integer, is ${JSON.stringify(v)}`);
const optStr: Check = (v, path) => v === null || str(v, path);
const optInt: Check = (v, path) => v === null || int(v, path);
const amount: Check = (v, path) => {
  str(v, path);
  assert.match(v as string, /^\d+\.\d{8}$/, path);
};
const digits: Check = (v, path) => {
  str(v, path);
  assert.match(v as string, /^\d+$/, path);
};
const object = (shape: Record<string, Check>): Check => {
  return (v, path) => {
    assert.ok(v !== null && typeof v === 'object' && !Array.isArray(v), `${path} must be an object, is ${JSON.stringify(v)}`);
    for (const [k, check] of Object.entries(shape)) {
      assert.ok(k in (v as object), `${path}.${k} is missing`);
      check((v as Record<string, unknown>)[k], `${path}.${k}`);
    }
  };
};
const list =
  (item: Check): Check =>
  (v, path) => {
    assert.ok(Array.isArray(v), `${path} must be a list`);
    for (const [i, x] of v.entries()) item(x, `${path}[${i}]`);
  };

/** The strictest of the public clients' callback models, merged. */
const CALLBACK = object({
  id: int,
  foreign_id: str,
  type: (v, p) => assert.equal(v, 'invoice', p),
  crypto_address: object({ id: int, currency: str, address: str, tag: optStr }),
  currency_sent: object({ currency: str, amount, remaining_amount: amount }),
  currency_received: object({ currency: str, amount, amount_minus_fee: amount }),
  transactions: list(
    object({
      id: int,
      currency: str,
      transaction_type: str,
      type: str,
      address: str,
      tag: optStr,
      amount,
      txid: str,
      confirmations: digits,
    }),
  ),
  fees: list(object({ type: str, currency: str, amount: str })),
  error: str,
  status: (v, p) => assert.ok(['pending', 'processing', 'confirmed', 'failed'].includes(String(v)), p),
  fixed_at: optInt,
  expires_at: optInt,
});

describeEachEngine(
  'invoice callback field types',
  (ctx) => {
    let client: MerchantClient;
    let organisationId: string;
    const create = (overrides: Record<string, unknown>) => client.post('/invoices/create', invoiceBody(overrides));
    const pay = (fid: string, body: Record<string, unknown> = {}) => client.post(`/sandbox/invoices/${fid}/payments`, body);

    it('drives every outcome of the lifecycle', async () => {
      const org = await ctx().newOrganisation();
      organisationId = org.organisation.id;
      client = merchantClient(ctx().app, org.merchant);
      // No currency picked yet: cancelled (type 1 and 2) and timed out (type 2).
      await create({ foreign_id: 'unpicked-1' });
      await client.post('/invoices/unpicked-1/cancel/', {});
      await create({ foreign_id: 'unpicked-2', timer: true });
      await client.post('/invoices/unpicked-2/cancel/', {});
      await create({ foreign_id: 'unpicked-expired', timer: true });
      await create({ foreign_id: 'preselected', sender_currency: 'BTC' });
      await client.post('/invoices/preselected/cancel/', {});
      // Currency fixed: not paid, paid less (both types), processing too long, paid, overpaid, cancelled while processing.
      await create({ foreign_id: 'fixed-expired', timer: true, sender_currency: 'BTC' });
      await create({ foreign_id: 'partial-expired', timer: true, sender_currency: 'BTC', type: 'good_until_expired' });
      await pay('partial-expired', { amount: '0.0001', confirmations: 2 });
      await create({ foreign_id: 'short', timer: true, sender_currency: 'BTC' });
      await pay('short', { amount: '0.0001', confirmations: 2 });
      await create({ foreign_id: 'stuck', timer: true, sender_currency: 'ETH' });
      await pay('stuck', { confirmations: 0 });
      await create({ foreign_id: 'paid' });
      await pay('paid', { currency: 'LTC', confirmations: 4 });
      await create({ foreign_id: 'overpaid', timer: true, sender_currency: 'BTC', amount: '10' });
      await pay('overpaid', { amount: '0.01', confirmations: 2 });
      await create({ foreign_id: 'cancelled-processing', sender_currency: 'ETH' });
      await pay('cancelled-processing', {});
      await client.post('/invoices/cancelled-processing/cancel/', {});
      clock.advance(16 * MINUTE);
      await runDueInvoiceTimers(ctx().deps);
      clock.advance(24 * 60 * MINUTE);
      await runDueInvoiceTimers(ctx().deps);
      const status = async (fid: string) => json(await client.post('/invoices/info', { foreign_id: fid })).data.status;
      assert.equal(await status('unpicked-expired'), 'failed');
      assert.equal(await status('stuck'), 'failed');
      assert.equal(await status('short'), 'failed');
    });

    /** The bytes each outbox row of the organisation goes out with: as the dispatcher fans it out to a callback URL. */
    const sentBodies = async (where: string): Promise<string[]> => {
      const { rows } = await ctx().db.query<OutboxRow>(`SELECT * FROM outbox WHERE organisation_id = $1 AND ${where} ORDER BY id`, [
        organisationId,
      ]);
      return rows.map((row) => fanOut(row, [], 'https://shop.example/cb')[0]!.body);
    };

    it('every callback body written decodes into the typed model', async () => {
      const rows = await sentBodies("topic = 'merchant.invoice_callback'");
      assert.equal(rows.length, 19, 'one per status each invoice passed');
      const errors = new Set<string>();
      for (const body of rows) {
        const data = JSON.parse(body);
        CALLBACK(data, data.foreign_id);
        errors.add(data.error);
      }
      assert.deepEqual(
        [...errors].sort(),
        [
          '',
          'Invoice cancelled by the merchant.',
          'Timer expired. Transactions were in status processing too long.',
          'Timer expired. User not paid.',
          'Timer expired. User paid less than requested.',
        ],
        'every kind of outcome was produced',
      );
    });

    it('before a currency is picked: the invoice currency, an empty address, nothing sent and the whole amount remaining', async () => {
      const rows = await sentBodies("payload->>'foreign_id' IN ('unpicked-1', 'unpicked-expired', 'preselected')");
      const bodies = rows.map((body) => JSON.parse(body));
      assert.equal(bodies.length, 3);
      for (const b of bodies) {
        assert.deepEqual(b.crypto_address, { id: 0, currency: 'EUR', address: '', tag: null });
        assert.deepEqual(b.currency_sent, { currency: 'EUR', amount: '0.00000000', remaining_amount: '106.75000000' });
        assert.equal(b.status, 'failed');
      }
      assert.deepEqual(
        bodies.map((b) => b.error),
        ['Invoice cancelled by the merchant.', 'Invoice cancelled by the merchant.', 'Timer expired. User not paid.'],
      );
    });
  },
  { clock },
);
