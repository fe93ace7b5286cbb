// The hosted invoice page over HTTP, state by state (issue 15): a final invoice's page carries no
// address, QR code, wallet link or sandbox control, only a receipt or the reason in words; the merchant
// heads the page; the language follows Accept-Language; amounts read as the payer reads them.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runDueInvoiceTimers } from '../../src/invoices/worker.js';
import { saveProfile } from '../../src/organisations/profile.js';
import { ADMIN_TOKEN, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { png } from '../organisations/images.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const clock = new ManualClock();
const DE = { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' };

describeEachEngine(
  'hosted invoice page: states',
  (ctx) => {
    let client: MerchantClient;
    const path = (url: string) => new URL(url).pathname;
    const page = (url: string, headers: Record<string, string> = {}) => ctx().app.inject({ method: 'GET', url: path(url), headers });
    const status = async (url: string) => json(await ctx().app.inject({ method: 'GET', url: `${path(url)}/status` }));
    const create = async (overrides: Record<string, unknown>) => json(await client.post('/invoices/create', invoiceBody(overrides))).data;

    /** Nothing on the page tells the payer where or how to pay. */
    const noPaymentInstructions = (body: string, address: string | null) => {
      if (address) assert.ok(!body.includes(address), 'no address, not even in the embedded data');
      for (const marker of [
        '<svg',
        'class="qr"',
        'id="address"',
        'data-copy="',
        'id="wallet-link"',
        'bitcoin:',
        'ethereum:',
        'data-currency="',
      ]) {
        assert.ok(!body.includes(marker), `no ${marker}`);
      }
      assert.ok(!body.includes('/sandbox/'), 'no sandbox route');
      assert.ok(!body.includes('id="sandbox"'), 'no sandbox controls');
    };

    it('sets up a sandbox merchant with a profile name', async () => {
      const org = await ctx().newOrganisation('Tea Shop');
      await saveProfile(ctx().db, org.organisation.id, { legalName: 'Tea & Cakes GmbH' });
      client = merchantClient(ctx().app, org.merchant);
    });

    it('an open invoice: the merchant heads it, test mode is marked, the amount in the currency minor units', async () => {
      const data = await create({ foreign_id: 'open-1', amount: '49.9', timer: true });
      const res = await page(data.url);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="en">/);
      assert.ok(res.body.includes('<p class="merchant" id="merchant">Tea &amp; Cakes GmbH</p>'));
      assert.ok(res.body.includes('Test mode — no real money moves'));
      assert.ok(res.body.includes('>49.90 EUR<'));
      assert.ok(res.body.includes('>Choose how to pay<'), 'status in words');
      assert.ok(
        res.body.includes('USDT on Tron (TRC-20)') && res.body.includes('USDT on Ethereum (ERC-20)') && res.body.includes('>Bitcoin '),
      );

      const de = await page(data.url, DE);
      assert.match(de.body, /<html lang="de">/);
      assert.ok(de.body.includes('Testmodus — es wird kein echtes Geld bewegt'));
      assert.ok(de.body.includes('>49,90 EUR<'));
      assert.ok(de.body.includes('USDT auf Tron (TRC-20)'));
      assert.ok(de.body.includes('Vollständige Zahlung simulieren'));
    });

    it("the merchant's logo heads the page when the profile has one", async () => {
      const org = await ctx().newOrganisation('Logo Shop');
      const uploaded = await ctx().app.inject({
        method: 'PUT',
        url: `/admin/organisations/${org.organisation.id}/profile/logo`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'image/png' },
        payload: png(64, 64),
      });
      assert.equal(uploaded.statusCode, 200, uploaded.body);
      const path = new URL((JSON.parse(uploaded.body) as { logoUrl: string }).logoUrl, 'http://x').pathname;
      const logoClient = merchantClient(ctx().app, org.merchant);
      const data = json(await logoClient.post('/invoices/create', invoiceBody({ foreign_id: 'logo-1', timer: true }))).data;
      const res = await page(data.url);
      assert.ok(res.body.includes(`<img class="logo" src="${path}" alt=""`));
      const plain = await create({ foreign_id: 'no-logo-1', timer: true });
      assert.ok(!(await page(plain.url)).body.includes('class="logo"'), 'no image without a logo');
    });

    it('a picked currency: exact amount without trailing zeros, copy buttons, BIP-21 wallet link and QR', async () => {
      const data = await create({ foreign_id: 'picked-1', currency: 'JPY', amount: '5000', sender_currency: 'BTC', timer: true });
      const res = await page(data.url);
      assert.ok(res.body.includes('>5,000 JPY<'));
      const amount = data.sender_amount.replace(/0+$/, '');
      assert.ok(res.body.includes(`<strong id="send-amount" class="big">${amount} BTC</strong>`));
      assert.ok(res.body.includes(`data-copy="${amount}">Copy amount</button><span class="copied" aria-live="polite">`));
      assert.ok(res.body.includes(`data-copy="${data.address}">Copy address</button>`));
      assert.ok(res.body.includes(`id="wallet-link" class="button" href="bitcoin:${data.address}?amount=${amount}"`));
      assert.ok(res.body.includes('class="qr" role="img"'));
      assert.ok(res.body.includes('>Waiting for your payment<'));
      assert.ok((await page(data.url, DE)).body.includes('>5.000 JPY<'));
    });

    it('processing: the full sum is seen, so no copy buttons, QR or wallet link invite a second payment', async () => {
      const data = await create({ foreign_id: 'processing-1', sender_currency: 'BTC', timer: true });
      await client.post('/sandbox/invoices/processing-1/payments', {});
      const res = await page(data.url);
      assert.equal((await status(data.url)).status, 'processing');
      assert.ok(res.body.includes('>Payment received, waiting for confirmations<'));
      for (const marker of ['<svg', 'id="wallet-link"', 'data-copy="', 'bitcoin:']) assert.ok(!res.body.includes(marker), marker);
      assert.ok(res.body.includes('Simulate confirmations'));
    });

    it('confirmed: a receipt with amount, currency, transaction, time and merchant; no payment instructions', async () => {
      const data = await create({ foreign_id: 'paid-1', amount: '25.50', currency: 'GBP', sender_currency: 'BTC', timer: true });
      const paid = json(await client.post('/sandbox/invoices/paid-1/payments', { confirmations: 2 })).data;
      assert.equal(paid.status, 'confirmed');
      const res = await page(data.url);
      assert.equal(res.statusCode, 200);
      noPaymentInstructions(res.body, data.address);
      assert.ok(res.body.includes('Payment received — thank you'));
      assert.ok(res.body.includes('<dd>Tea &amp; Cakes GmbH</dd>'));
      assert.ok(res.body.includes('<dd>25.50 GBP</dd>'));
      assert.ok(res.body.includes(`<dd id="receipt-paid">${data.sender_amount.replace(/0+$/, '')} BTC</dd>`));
      assert.ok(res.body.includes('<dd>Bitcoin</dd>'));
      const txid = json(await client.post('/invoices/info', { foreign_id: 'paid-1' })).data.transactions[0].txid;
      assert.ok(res.body.includes(`<code>${txid}</code>`), 'transaction id');
      assert.match(res.body, /<dt>Confirmed at<\/dt><dd>[A-Z][a-z]+ \d+, \d{4} at \d+:\d\d [AP]M UTC<\/dd>/);
      assert.ok(res.body.includes('<a id="back" class="button primary" href="https://shop.example.com/ok">Back to the shop</a>'));
      assert.ok(res.body.includes('data-seconds="8"'), 'the return waits 8 s');
      assert.ok(res.body.includes('Test mode — no real money moves'), 'still marked as a test');
      const view = await status(data.url);
      assert.equal(view.address, null);
      assert.equal(view.receipt.currency, 'BTC');

      const de = (await page(data.url, DE)).body;
      assert.ok(de.includes('Zahlung erhalten — vielen Dank') && de.includes('Zurück zum Shop'));
      assert.match(de, /<dt>Bestätigt am<\/dt><dd>\d\d\.\d\d\.\d{4}, \d\d:\d\d UTC<\/dd>/);
    });

    it('failed: cancelled, expired unpaid and paid less each say why, link to url_failed, and show no address', async () => {
      const cancelled = await create({ foreign_id: 'fail-cancel', sender_currency: 'LTC', timer: true });
      await client.post('/invoices/fail-cancel/cancel/', {});
      const unpaid = await create({ foreign_id: 'fail-unpaid', timer: true });
      const short = await create({ foreign_id: 'fail-short', sender_currency: 'BTC', timer: true, type: 'good_until_expired' });
      await client.post('/sandbox/invoices/fail-short/payments', { amount: '0.0001', confirmations: 2 });
      clock.advance(16 * 60_000);
      await runDueInvoiceTimers({ ...ctx().deps });

      const cases: [Record<string, string>, string, string, string][] = [
        [cancelled, 'The shop cancelled this invoice.', 'Der Shop hat diese Rechnung storniert.', 'failed'],
        [unpaid, 'The time to pay ran out before a payment arrived.', 'Die Zahlungsfrist ist abgelaufen', 'failed'],
        [short, 'Less than the amount due arrived before the time ran out.', 'weniger als der fällige Betrag', 'failed'],
      ];
      for (const [data, en, de, state] of cases) {
        assert.equal((await status(data.url!)).status, state);
        const res = await page(data.url!);
        noPaymentInstructions(res.body, data.address ?? null);
        assert.ok(res.body.includes(`<p id="reason">${en}</p>`), en);
        assert.ok(res.body.includes('href="https://shop.example.com/failed">Back to the shop</a>'));
        assert.ok(res.body.includes('>Not paid<'));
        assert.ok(res.body.includes('Do not send any money for this invoice.'));
        assert.ok((await page(data.url!, DE)).body.includes(de), de);
      }
      const shortPage = (await page(short.url!)).body;
      assert.ok(shortPage.includes('Received: <strong id="paid">0.0001 BTC</strong>'), 'what arrived, without trailing zeros');
    });
  },
  { clock },
);
