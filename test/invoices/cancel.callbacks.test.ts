// The cancel writes its callback in the statement that fails the invoice (invoices/cancel-repository.ts):
// the database builds it as jsonb and the dispatcher lays its keys out in the vendor's order. What the
// receiver gets must be, byte for byte, what callbackBody writes for the row as the cancel left it — and
// a payment that commits while the cancel waits for the row must be in the callback.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { inCallbackOrder } from '../../src/invoices/callback-order.js';
import { findInvoice } from '../../src/invoices/repository.js';
import { callbackBody } from '../../src/invoices/serialize.js';
import { ERRORS } from '../../src/invoices/states.js';
import { sign } from '../../src/invoices/signature.js';
import type { CreatedOrganisation } from '../../src/organisations/service.js';
import { phpJsonEncode } from '../../src/webhooks/php-json.js';
import { createTestApp, describeEachEngine, type TestApp } from '../helpers/app.js';
import { engines } from '../helpers/db.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';
import { drain, setCallbackUrl, startReceiver, type Receiver } from '../webhooks/helpers.js';
import { phpReencode } from '../webhooks/php.js';

/** The payer picks the currency on the hosted page: the rate is fixed and an address assigned. */
async function pick(t: TestApp, url: string, currency: string): Promise<void> {
  const picked = await t.app.inject({ method: 'POST', url: `${new URL(url).pathname}/currency`, payload: { currency } });
  assert.equal(picked.statusCode, 200, picked.body);
}

async function setUp(t: TestApp) {
  const receiver = await startReceiver();
  const org = await t.newOrganisation();
  await setCallbackUrl(t, org.organisation.id, `${receiver.url}/cb`);
  return { receiver, org, client: merchantClient(t.app, org.merchant) };
}

describeEachEngine('the cancel callback the database writes', (ctx) => {
  let receiver: Receiver;
  let org: CreatedOrganisation;
  let client: MerchantClient;
  before(async () => {
    ({ receiver, org, client } = await setUp(ctx()));
  });
  after(() => receiver.close());

  const cases: Record<string, Record<string, unknown>> = {
    'no currency picked, no timer': { foreign_id: 'cc-plain', amount: '80.12' },
    'in a crypto currency, with a timer': { foreign_id: 'cc-timer', currency: 'BTC', timer: true, amount: '0.12345678' },
    'its currency fixed at create': { foreign_id: 'cc-fixed', sender_currency: 'LTC', amount: '80', timer: true },
    'its currency picked on the hosted page': { foreign_id: 'cc-picked', amount: '80.5', pick: 'ETH' },
    'escapes in its ids': {
      foreign_id: 'cc/ü-"\\-🎉\t</script>',
      end_user_reference: 'https://shop.example/customers/Müller 🎉\u2028',
      amount: '12345678.9',
    },
  };

  for (const [name, body] of Object.entries(cases)) {
    it(`${name}: callbackBody's bytes of the failed row, signed, ASCII, surviving a PHP re-encode`, async () => {
      const { pick: currency, ...fields } = body;
      const foreignId = fields.foreign_id as string;
      const made = await client.post('/invoices/create', invoiceBody(fields));
      assert.equal(made.statusCode, 200, made.body);
      if (currency) await pick(ctx(), made.json().data.url, currency as string);
      const cancelled = await client.post(`/invoices/${encodeURIComponent(foreignId)}/cancel/`, {});
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      // The row as the cancel left it, and the callback callbackBody makes of it.
      const row = (await findInvoice(ctx().db, org.organisation.id, { foreignId }))!;
      assert.deepEqual([row.status, row.error], ['failed', ERRORS.cancelled]);
      const expected = phpJsonEncode(callbackBody(row, []));

      // Written by the statement: no bytes fixed at enqueue, the jsonb payload only.
      const { rows } = await ctx().db.query<{ body: string | null; payload: Record<string, unknown>; ordering_key: string }>(
        `SELECT body, payload, ordering_key FROM outbox
          WHERE topic = 'merchant.invoice_callback' AND payload->>'foreign_id' = $1 AND payload->>'status' = 'failed'`,
        [foreignId],
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.body, null);
      assert.equal(rows[0]!.ordering_key, `invoice:${row.id}`);
      assert.equal(phpJsonEncode(inCallbackOrder(rows[0]!.payload)), expected);

      await drain(ctx().deps);
      const got = receiver.requests.filter((r) => JSON.parse(r.body).foreign_id === foreignId && JSON.parse(r.body).status === 'failed');
      assert.equal(got.length, 1);
      assert.equal(got[0]!.body, expected);
      assert.equal(got[0]!.headers['x-processing-signature'], sign(org.merchant.secret, expected));
      assert.ok(!/[^\x20-\x7e]/.test(expected), 'ASCII only');
      assert.equal(phpReencode(expected), expected);
    });
  }

  it('an invoice cancelled twice: one callback, and the second cancel is refused', async () => {
    await client.post('/invoices/create', invoiceBody({ foreign_id: 'cc-twice' }));
    const [first, second] = await Promise.all([
      client.post('/invoices/cc-twice/cancel/', {}),
      client.post('/invoices/cc-twice/cancel/', {}),
    ]);
    assert.deepEqual([first.statusCode, second.statusCode].sort(), [200, 400]);
    const { rows } = await ctx().db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE topic = 'merchant.invoice_callback' AND payload->>'foreign_id' = 'cc-twice'",
    );
    assert.equal(rows[0]!.n, 1);
  });
});

describe('a payment that commits while the cancel waits for the invoice [postgres]', {
  skip: !engines.includes('postgres') && 'needs TEST_DATABASE_URL',
}, () => {
  let t: TestApp;
  let receiver: Receiver;
  let org: CreatedOrganisation;
  let client: MerchantClient;
  before(async () => {
    t = await createTestApp('postgres');
    ({ receiver, org, client } = await setUp(t));
  });
  after(async () => {
    await receiver.close();
    await t.close();
  });

  it('is in the callback: the cancel sees the row changed and fails it on the locked path', async () => {
    const made = await client.post('/invoices/create', invoiceBody({ foreign_id: 'race-1', sender_currency: 'LTC', amount: '80' }));
    assert.equal(made.statusCode, 200, made.body);
    await pick(t, made.json().data.url, 'LTC');
    const invoice = (await findInvoice(t.db, org.organisation.id, { foreignId: 'race-1' }))!;
    // The payment's transaction, as lifecycle.ts writes it: the invoice locked and updated, its transaction inserted.
    const payer = new pg.Client({ connectionString: t.testDb.url! });
    await payer.connect();
    try {
      await payer.query('BEGIN');
      await payer.query("UPDATE invoices SET status = 'pending', updated_at = now() WHERE id = $1", [invoice.id]);
      await payer.query(
        `INSERT INTO invoice_transactions (organisation_id, invoice_id, currency, amount, fee, address, txid, confirmations, status, created_at)
         VALUES ($1, $2, 'LTC', 10000000, 0, $3, 'race-tx', 0, 'not_confirmed', now())`,
        [org.organisation.id, invoice.id, invoice.address],
      );
      const cancelling = client.post('/invoices/race-1/cancel/', {});
      // Commit once the cancel's statement waits for the row the payment holds (pg_stat_activity's
      // query text can lag behind for a prepared statement, its wait cannot).
      const waiting = "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'transactionid'";
      for (let i = 0; (await payer.query(waiting)).rowCount === 0; i++) {
        if (i > 500) throw new Error('the cancel never waited for the row');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await payer.query('COMMIT');
      const cancelled = await cancelling;
      assert.equal(cancelled.statusCode, 200, cancelled.body);
    } finally {
      await payer.end();
    }
    await drain(t.deps);
    const callbacks = receiver.requests.map((r) => JSON.parse(r.body)).filter((c) => c.foreign_id === 'race-1' && c.status !== 'pending');
    assert.deepEqual(
      callbacks.map((c) => [c.status, c.transactions.map((x: { txid: string }) => x.txid), c.currency_sent.amount]),
      [['failed', ['race-tx'], '0.10000000']],
    );
  });
});
