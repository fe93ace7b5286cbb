// The payer's e-mail (email_user) after a sandbox payment short of or beyond the requested sum,
// sent through a real SMTP server; nothing for exact payments or invoices without email_user.
import assert from 'node:assert/strict';
import { after, beforeEach, it } from 'node:test';
import { smtpMailer } from '../../src/notifications/mailer.js';
import { sendDueEmails } from '../../src/notifications/worker.js';
import { runDueInvoiceTimers } from '../../src/invoices/worker.js';
import { describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody, merchantClient } from '../helpers/merchant.js';
import { startInbox } from './smtp.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);
const inbox = await startInbox();
after(() => inbox.close());

describeEachEngine(
  'payer e-mails',
  (ctx) => {
    const mailer = () => smtpMailer(inbox.url);
    beforeEach(() => {
      clock.set(T0);
      inbox.messages.length = 0;
    });

    it('a fill-or-kill invoice paid short fails and the payer gets refund instructions', async () => {
      const org = await ctx().newOrganisation('Coffee Roasters Ltd');
      const client = merchantClient(ctx().app, org.merchant);
      const created = json(
        await client.post(
          '/invoices/create',
          invoiceBody({ foreign_id: 'order-short', timer: true, sender_currency: 'BTC', amount: '100', email_user: 'payer@example.com' }),
        ),
      );
      const due = created.data.sender_amount as string;
      const res = await client.post('/sandbox/invoices/order-short/payments', { amount: '0.00010000', confirmations: 3 });
      assert.equal(json(res).data.status, 'failed');

      assert.deepEqual(await sendDueEmails(ctx().deps, mailer()), { sent: 1, retried: 0, failed: 0 });
      const [mail] = inbox.messages;
      assert.deepEqual(mail!.to && 'value' in mail!.to ? mail!.to.value.map((a) => a.address) : [], ['payer@example.com']);
      assert.equal(mail!.subject, 'Your payment for "Order 42" was less than requested');
      assert.ok(
        mail!.text!.includes(`You paid 0.00010000 BTC for "Order 42" from Coffee Roasters Ltd, but ${due} BTC was requested`),
        mail!.text,
      );
      assert.ok(mail!.text!.includes('contact Coffee Roasters Ltd and quote the reference order-short'));
    });

    it('a timer that expires after a partial payment also sends refund instructions', async () => {
      const org = await ctx().newOrganisation();
      const client = merchantClient(ctx().app, org.merchant);
      await client.post(
        '/invoices/create',
        invoiceBody({ foreign_id: 'order-partial', type: 'good_until_expired', timer: true, sender_currency: 'LTC', amount: '80' }),
      );
      await client.post('/sandbox/invoices/order-partial/payments', { amount: '0.5', confirmations: 4 });
      clock.advance(25 * 60 * 60_000);
      await runDueInvoiceTimers(ctx().deps);
      await sendDueEmails(ctx().deps, mailer());
      assert.equal(inbox.messages.length, 1);
      assert.equal(inbox.messages[0]!.subject, 'Your payment for "Order 42" was less than requested');
    });

    it('an overpayment confirms and the payer learns how to recover the surplus', async () => {
      const org = await ctx().newOrganisation('Shop');
      const client = merchantClient(ctx().app, org.merchant);
      await client.post(
        '/invoices/create',
        invoiceBody({ foreign_id: 'order-over', amount: '10', currency: 'EUR', timer: true, sender_currency: 'BTC' }),
      );
      assert.equal(
        json(await client.post('/sandbox/invoices/order-over/payments', { currency: 'BTC', amount: '0.00150000', confirmations: 3 })).data
          .status,
        'confirmed',
      );
      await sendDueEmails(ctx().deps, mailer());
      const [mail] = inbox.messages;
      assert.equal(mail!.subject, 'You paid more than requested for "Order 42"');
      assert.match(mail!.text!, /The surplus of 0\.\d{8} BTC is yours: to recover it, contact Shop and quote the reference order-over\./);
    });

    it('an exact payment, or an invoice without email_user, sends nothing', async () => {
      const org = await ctx().newOrganisation();
      const client = merchantClient(ctx().app, org.merchant);
      await client.post('/invoices/create', invoiceBody({ foreign_id: 'order-exact', timer: true, sender_currency: 'BTC' }));
      assert.equal(json(await client.post('/sandbox/invoices/order-exact/payments', { confirmations: 3 })).data.status, 'confirmed');
      await client.post(
        '/invoices/create',
        invoiceBody({ foreign_id: 'order-anon', timer: true, sender_currency: 'BTC', email_user: null }),
      );
      assert.equal(
        json(await client.post('/sandbox/invoices/order-anon/payments', { amount: '0.00010000', confirmations: 3 })).data.status,
        'failed',
      );
      assert.deepEqual(await sendDueEmails(ctx().deps, mailer()), { sent: 0, retried: 0, failed: 0 });
    });
  },
  { clock, env: { SMTP_URL: inbox.url } },
);
