// Durable timers: deadlines are rows in invoice_jobs, run by runDueInvoiceTimers with a manual clock.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDueInvoiceTimers, startInvoiceWorker } from '../../src/invoices/worker.js';
import { describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const clock = new ManualClock();
const MIN = 60_000;

describeEachEngine(
  'merchant invoice timers',
  (ctx) => {
    let client: MerchantClient;
    const status = async (fid: string) => json(await client.post('/invoices/info', { foreign_id: fid })).data;
    // A fresh Deps object each time: nothing the worker needs lives in process memory.
    const run = () => runDueInvoiceTimers({ ...ctx().deps });

    it('sets up', async () => {
      client = merchantClient(ctx().app, (await ctx().newOrganisation()).merchant);
    });

    it('a timer invoice nobody pays fails after 15 minutes: "Timer expired. User not paid."', async () => {
      await client.post('/invoices/create', invoiceBody({ foreign_id: 't-unpaid', timer: true }));
      await client.post(
        '/invoices/create',
        invoiceBody({ foreign_id: 't-partial', timer: true, sender_currency: 'BTC', type: 'good_until_expired' }),
      );
      await client.post('/sandbox/invoices/t-partial/payments', { amount: '0.0001', confirmations: 2 });
      await client.post('/invoices/create', invoiceBody({ foreign_id: 't-processing', timer: true, sender_currency: 'BTC' }));
      await client.post('/sandbox/invoices/t-processing/payments', {});
      await client.post('/invoices/create', invoiceBody({ foreign_id: 't-none' }));
      await client.post('/invoices/create', invoiceBody({ foreign_id: 't-cancelled', timer: true }));
      await client.post('/invoices/t-cancelled/cancel/', {});
      // A paid invoice is cancelled on the locked path (invoices/cancel.ts); both drop the timer.
      await client.post('/invoices/create', invoiceBody({ foreign_id: 't-paid-cancelled', timer: true, sender_currency: 'BTC' }));
      await client.post('/sandbox/invoices/t-paid-cancelled/payments', { amount: '0.0001', confirmations: 0 });
      const paidCancel = await client.post('/invoices/t-paid-cancelled/cancel/', {});
      assert.equal(paidCancel.statusCode, 200, paidCancel.body);
      const { rows: timers } = await ctx().db.query<{ foreign_id: string }>(
        `SELECT i.foreign_id FROM invoice_jobs j JOIN invoices i ON i.id = j.invoice_id
          WHERE i.foreign_id = ANY($1::text[])`,
        [['t-cancelled', 't-paid-cancelled', 't-unpaid']],
      );
      assert.deepEqual(
        timers.map((r) => r.foreign_id),
        ['t-unpaid'],
        'a cancel drops its timer',
      );

      clock.advance(14 * MIN);
      assert.equal(await run(), 0);
      assert.equal((await status('t-unpaid')).status, 'created');

      clock.advance(MIN + 1000);
      assert.equal(await run(), 2);
      const unpaid = await status('t-unpaid');
      assert.deepEqual([unpaid.status, unpaid.error], ['failed', 'Timer expired. User not paid.']);
      const partial = await status('t-partial');
      assert.deepEqual([partial.status, partial.error], ['failed', 'Timer expired. User paid less than requested.']);
      assert.equal((await status('t-processing')).status, 'processing');
      assert.equal((await status('t-none')).status, 'created', 'no timer, no deadline');
      assert.equal((await status('t-cancelled')).error, 'Invoice cancelled by the merchant.');
      assert.equal(await run(), 0, 'each deadline runs once');

      const { rows } = await ctx().db.query<{ status: string; error: string }>(
        "SELECT payload->>'status' AS status, payload->>'error' AS error FROM outbox WHERE payload->>'foreign_id' = 't-unpaid'",
      );
      assert.deepEqual(rows, [{ status: 'failed', error: 'Timer expired. User not paid.' }]);
    });

    it('the full sum in the mempool extends the deadline to 24 h: "…processing too long."', async () => {
      clock.advance(23 * 60 * MIN);
      assert.equal(await run(), 0);
      clock.advance(60 * MIN);
      assert.equal(await run(), 1);
      const p = await status('t-processing');
      assert.deepEqual([p.status, p.error], ['failed', 'Timer expired. Transactions were in status processing too long.']);
    });

    it('after the deadline the payer can no longer pick a currency, even before the timer ran', async () => {
      await client.post('/invoices/create', invoiceBody({ foreign_id: 't-late', timer: true }));
      clock.advance(15 * MIN);
      const late = await client.post('/sandbox/invoices/t-late/payments', { currency: 'BTC' });
      assert.deepEqual(json(late), { error: 'The invoice has expired.', code: 'invalid_invoice_state' });
      assert.equal(await run(), 1);
    });

    it('a no-timer invoice gets its 15 minutes when the payer picks a currency', async () => {
      await client.post('/sandbox/invoices/t-none/payments', { currency: 'LTC', amount: '0.01' });
      const picked = await status('t-none');
      assert.equal(picked.status, 'pending');
      assert.equal(picked.seconds_left, 900);
      clock.advance(16 * MIN);
      assert.equal(await run(), 1);
      assert.equal((await status('t-none')).error, 'Timer expired. User paid less than requested.');
    });

    it('two workers (two replicas) share due timers without running one twice', async () => {
      for (let i = 0; i < 20; i++) await client.post('/invoices/create', invoiceBody({ foreign_id: `t-many-${i}`, timer: true }));
      clock.advance(16 * MIN);
      const [a, b] = await Promise.all([run(), run()]);
      assert.equal(a + b, 20);
      const { rows } = await ctx().db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox WHERE payload->>'foreign_id' LIKE 't-many-%' AND payload->>'status' = 'failed'",
      );
      assert.equal(rows[0]!.n, 20, 'one failed callback per invoice');
    });

    it('the polling worker runs due timers and stops cleanly', async () => {
      await client.post('/invoices/create', invoiceBody({ foreign_id: 't-worker', timer: true }));
      clock.advance(16 * MIN);
      const worker = startInvoiceWorker(ctx().deps, { intervalMs: 10 });
      for (let i = 0; i < 100 && (await status('t-worker')).status !== 'failed'; i++) await sleep(20);
      await worker.stop();
      assert.equal((await status('t-worker')).status, 'failed');
    });
  },
  { clock },
);
