// Every state of the hosted invoice page in real Chromium, in English and German at 375 and 1280 px:
// a screenshot each in test-output/, no serious axe violation, no horizontal scrolling at 320 px, and
// what the payer must (and must not) see in that state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../helpers/browser.js';
import { checkEverywhere, type PageServer, startPageServer, type TestLang } from '../helpers/invoice-page.js';

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();
const none = async (page: Page, selectors: string[]) => {
  for (const s of selectors) assert.equal(await page.locator(s).count(), 0, `no ${s}`);
};
const PAYMENT = ['#address', '.qr', '#wallet-link', '[data-copy]', '[data-currency]', '#sandbox'];
const say = <T>(lang: TestLang, en: T, de: T): T => (lang === 'de' ? de : en);

describe('hosted invoice page states in Chromium', { skip: browserSkip }, () => {
  let server: PageServer;
  let browser: Browser;

  before(async () => {
    server = await startPageServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('new: the currencies named with their networks, under the test-mode banner', async () => {
    const data = await server.create(server.sandbox, { foreign_id: 's-new', amount: '49.9', timer: true });
    await checkEverywhere(browser, server, data.url!, 'new', async (page, lang) => {
      assert.equal(
        await text(page, '#test-mode'),
        say(lang, 'Test mode — no real money moves', 'Testmodus — es wird kein echtes Geld bewegt'),
      );
      assert.equal(await text(page, '#merchant'), 'Teeladen Muster GmbH');
      assert.equal(await text(page, '#amount'), say(lang, '49.90 EUR', '49,90 EUR'));
      assert.match(await text(page, '[data-currency="USDTT"]'), say(lang, /^USDT on Tron \(TRC-20\)/, /^USDT auf Tron \(TRC-20\)/));
      assert.match(await text(page, '#countdown'), say(lang, /^Time left: \d+:\d\d$/, /^Verbleibende Zeit: \d+:\d\d$/));
      assert.equal(await page.locator('#sandbox-pay').count(), 1);
    });
  });

  it('currency picked: the exact amount, copy buttons, QR code and wallet link', async () => {
    const data = await server.create(server.sandbox, {
      foreign_id: 's-picked',
      currency: 'JPY',
      amount: '5000',
      sender_currency: 'BTC',
      timer: true,
    });
    const amount = data.sender_amount!.replace(/0+$/, '');
    await checkEverywhere(browser, server, data.url!, 'picked', async (page, lang) => {
      assert.equal(await text(page, '#amount'), say(lang, '5,000 JPY', '5.000 JPY'));
      assert.equal(await text(page, '#send-amount'), `${amount} BTC`);
      assert.equal(await page.getAttribute('#wallet-link', 'href'), `bitcoin:${data.address}?amount=${amount}`);
      assert.equal(await page.locator('.qr svg').count(), 1);
      await page.getByRole('button', { name: say(lang, 'Copy address', 'Adresse kopieren') }).waitFor();
    });
  });

  it('processing: the payment is seen, waiting for confirmations', async () => {
    const data = await server.create(server.sandbox, { foreign_id: 's-processing', sender_currency: 'ETH', timer: true });
    await server.sandbox.post('/sandbox/invoices/s-processing/payments', {});
    await checkEverywhere(browser, server, data.url!, 'processing', async (page, lang) => {
      assert.equal(
        await text(page, '#status'),
        say(lang, 'Payment received, waiting for confirmations', 'Zahlung eingegangen, warten auf Bestätigungen'),
      );
      assert.equal(await page.locator('#sandbox-confirm').count(), 1);
    });
  });

  it('confirmed: a receipt, no payment instructions, and a countdown back to the shop', async () => {
    const data = await server.create(server.sandbox, {
      foreign_id: 's-paid',
      amount: '25.50',
      currency: 'GBP',
      sender_currency: 'BTC',
      timer: true,
    });
    await server.sandbox.post('/sandbox/invoices/s-paid/payments', { confirmations: 2 });
    await checkEverywhere(browser, server, data.url!, 'confirmed', async (page, lang) => {
      await none(page, PAYMENT);
      assert.equal(await text(page, '#receipt h2'), say(lang, 'Payment received — thank you', 'Zahlung erhalten — vielen Dank'));
      assert.match(await text(page, '#redirect'), say(lang, /^Returning you to the shop in [5-8] s\.$/, /^Sie werden in [5-8] s zum Shop/));
      assert.equal(await page.getAttribute('#back', 'href'), 'https://shop.example.com/ok');
      await page.click('#stay'); // the screenshots and axe run on a page that stays
      assert.equal(await text(page, '#redirect'), say(lang, 'You stay on this page.', 'Sie bleiben auf dieser Seite.'));
    });
  });

  for (const [state, setup, en, de] of [
    [
      'cancelled',
      async (s: PageServer) => {
        const data = await s.create(s.sandbox, { foreign_id: 's-cancelled', sender_currency: 'LTC', timer: true });
        await s.sandbox.post('/invoices/s-cancelled/cancel/', {});
        return data;
      },
      'The shop cancelled this invoice.',
      'Der Shop hat diese Rechnung storniert.',
    ],
    [
      'expired',
      async (s: PageServer) => {
        const data = await s.create(s.sandbox, { foreign_id: 's-expired', timer: true });
        await s.advance(16 * 60_000);
        return data;
      },
      'The time to pay ran out before a payment arrived.',
      'Die Zahlungsfrist ist abgelaufen, ohne dass eine Zahlung einging.',
    ],
    [
      'paid-less',
      async (s: PageServer) => {
        const data = await s.create(s.sandbox, { foreign_id: 's-short', sender_currency: 'BTC', timer: true, type: 'good_until_expired' });
        await s.sandbox.post('/sandbox/invoices/s-short/payments', { amount: '0.0001', confirmations: 2 });
        await s.advance(16 * 60_000);
        return data;
      },
      'Less than the amount due arrived before the time ran out.',
      'Bis zum Ablauf der Frist ging weniger als der fällige Betrag ein.',
    ],
  ] as const) {
    it(`failed (${state}): the reason in words, a link to url_failed, no address or QR`, async () => {
      const data = await setup(server);
      await checkEverywhere(browser, server, data.url!, `failed-${state}`, async (page, lang) => {
        await none(page, PAYMENT);
        assert.equal(await text(page, '#reason'), say(lang, en, de));
        assert.equal(await page.getAttribute('#back', 'href'), 'https://shop.example.com/failed');
        assert.equal(await text(page, '#status'), say(lang, 'Not paid', 'Nicht bezahlt'));
      });
    });
  }

  it('live: the network in words, no test-mode banner and no sandbox controls', async () => {
    const data = await server.create(server.live, {
      foreign_id: 'l-usdt',
      currency: 'USD',
      amount: '30',
      sender_currency: 'USDTE',
      timer: true,
    });
    await checkEverywhere(browser, server, data.url!, 'live', async (page, lang) => {
      assert.equal(await text(page, '#network'), say(lang, 'Pay with USDT on Ethereum (ERC-20)', 'Zahlen mit USDT auf Ethereum (ERC-20)'));
      await none(page, ['#test-mode', '#sandbox', '#sandbox-pay']);
      assert.equal(await text(page, '#send-amount'), '30 USDT');
    });
  });

  it('404: an unknown payment link and an unknown path, styled, in the browser language', async () => {
    await checkEverywhere(
      browser,
      server,
      `${server.baseUrl}/invoice/no-such-link`,
      '404-invoice',
      async (page, lang) => assert.equal(await text(page, 'h1'), say(lang, 'Invoice not found', 'Rechnung nicht gefunden')),
      404,
    );
    await checkEverywhere(
      browser,
      server,
      `${server.baseUrl}/no/such/page`,
      '404-page',
      async (page, lang) => assert.equal(await text(page, 'h1'), say(lang, 'Page not found', 'Seite nicht gefunden')),
      404,
    );
  });
});
