// A payer uses the hosted page in real Chromium: pays a sandbox invoice through it and lands on
// url_success after the receipt's countdown; an open page switches to the receipt or the reason by
// itself when the invoice becomes final; the countdown can be cancelled; on a live invoice the copy
// buttons put the exact amount and address on the clipboard and the confirmations show as they come.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { reportPayment } from '../../src/invoices/lifecycle.js';
import { systemContext } from '../../src/platform/context.js';
import { json } from '../helpers/app.js';
import { seriousViolations } from '../helpers/axe.js';
import { browserSkip, launchChromium, screenshot } from '../helpers/browser.js';
import { type PageServer, pageContext, startPageServer, USDT, watchErrors } from '../helpers/invoice-page.js';

describe('hosted invoice page in Chromium', { skip: browserSkip }, () => {
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

  it('pick BTC, simulate a partial and a full payment and the confirmations, read the receipt, land on url_success', async () => {
    const data = await server.create(server.sandbox, { foreign_id: 'browser-1', timer: true });
    assert.ok(data.url!.startsWith(server.baseUrl));
    const context = await pageContext(browser, server, 'en');
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(data.url!);
    await page.getByRole('button', { name: /^Bitcoin/ }).click();
    await page.waitForSelector('.qr svg');
    assert.match((await page.textContent('#address')) ?? '', /^tb1q/);
    assert.match((await page.textContent('#countdown')) ?? '', /Time left: \d+:\d\d/);
    await page.getByRole('button', { name: 'Simulate partial payment' }).click();
    // Locator waits poll from outside the page: a string predicate would be eval'd in it, which the page's CSP refuses.
    await page
      .locator('#paid')
      .filter({ hasNotText: /^0 BTC$/ })
      .waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Simulate full payment' }).click();
    await page.waitForSelector('#status.processing');
    assert.equal(await page.textContent('#status'), 'Payment received, waiting for confirmations');
    await page.getByRole('button', { name: 'Simulate confirmations' }).click();
    await page.waitForSelector('#receipt');
    assert.match((await page.textContent('#redirect')) ?? '', /^Returning you to the shop in [5-8] s\.$/);
    const shown = Date.now();
    await page.waitForURL('https://shop.example.com/ok', { timeout: 15_000 });
    assert.ok(Date.now() - shown >= 5000, 'the payer had at least 5 s to read the receipt');
    assert.deepEqual(errors, []);
    assert.equal(json(await server.sandbox.post('/invoices/info', { foreign_id: 'browser-1' })).data.status, 'confirmed');
    await context.close();
  });

  it('an open page switches by itself to the receipt, or to the reason, when the invoice becomes final', async () => {
    const paid = await server.create(server.sandbox, { foreign_id: 'browser-live-paid', sender_currency: 'BTC', timer: true });
    const cancelled = await server.create(server.sandbox, { foreign_id: 'browser-live-cancel', sender_currency: 'BTC', timer: true });
    const context = await pageContext(browser, server, 'de');
    const [a, b] = [await context.newPage(), await context.newPage()];
    await a.goto(paid.url!);
    await b.goto(cancelled.url!);
    await a.waitForSelector('#address');
    await b.waitForSelector('#address');

    await server.sandbox.post('/sandbox/invoices/browser-live-paid/payments', { confirmations: 2 });
    await server.sandbox.post('/invoices/browser-live-cancel/cancel/', {});
    await a.waitForSelector('#receipt', { timeout: 10_000 });
    await a.click('#stay');
    assert.equal(await a.locator('#address, .qr').count(), 0);
    await b.waitForSelector('#failed', { timeout: 10_000 });
    assert.equal(await b.textContent('#reason'), 'Der Shop hat diese Rechnung storniert.');
    assert.equal(await b.locator('#address, .qr, #wallet-link').count(), 0);
    assert.deepEqual(await seriousViolations(b), []);
    await context.close();
  });

  it('the return to the shop can be cancelled: the payer stays on the receipt', async () => {
    const data = await server.create(server.sandbox, { foreign_id: 'browser-stay', sender_currency: 'ETH', timer: true });
    await server.sandbox.post('/sandbox/invoices/browser-stay/payments', { confirmations: 12 });
    const context = await pageContext(browser, server, 'en');
    const page = await context.newPage();
    await page.goto(data.url!);
    await page.getByRole('button', { name: 'Stay on this page' }).click();
    assert.equal(await page.textContent('#redirect'), 'You stay on this page.');
    assert.equal(await page.evaluate('document.activeElement.id'), 'back', 'focus on "Back to the shop"');
    await page.waitForTimeout(9000);
    assert.equal(page.url(), data.url);
    await page.getByRole('link', { name: 'Back to the shop' }).click();
    await page.waitForURL('https://shop.example.com/ok');
    await context.close();
  });

  it('live: network and token in words, EIP-681 wallet link, copy buttons fill the clipboard, confirmations counted', async () => {
    const usdt = await server.create(server.live, {
      foreign_id: 'live-usdt',
      currency: 'USD',
      amount: '30',
      sender_currency: 'USDTE',
      timer: true,
    });
    const context = await pageContext(browser, server, 'en', true);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(usdt.url!);
    assert.equal(await page.textContent('#network'), 'Pay with USDT on Ethereum (ERC-20)');
    assert.equal(await page.getAttribute('#wallet-link', 'href'), `ethereum:${USDT}@1/transfer?address=${usdt.address}&uint256=30000000`);
    assert.equal(await page.locator('.qr svg').count(), 1);
    assert.equal(await page.locator('#sandbox, #test-mode').count(), 0);

    await page.getByRole('button', { name: 'Copy amount' }).click();
    await page
      .locator('[data-copy] + .copied')
      .first()
      .filter({ hasText: /^Copied$/ })
      .waitFor({ state: 'attached' });
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), '30');
    await page.getByRole('button', { name: 'Copy address' }).click();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), usdt.address);
    assert.equal(await page.locator('#address + button + .copied').getAttribute('aria-live'), 'polite');
    assert.equal(await page.textContent('#address + button + .copied'), 'Copied');
    await screenshot(page, 'invoice-live-copied');

    const eth = await server.create(server.live, {
      foreign_id: 'live-eth',
      currency: 'USD',
      amount: '30',
      sender_currency: 'ETH',
      timer: true,
    });
    await page.goto(eth.url!);
    assert.equal(await page.getAttribute('#wallet-link', 'href'), `ethereum:${eth.address}@1?value=10000000000000000`);
    await reportPayment(systemContext(server.deps, server.liveOrganisationId, 'test'), {
      invoice: { foreignId: 'live-eth' },
      payment: { currency: 'ETH', amount: 1_000_000n, txid: `0x${'d'.repeat(64)}`, confirmations: 3 },
    });
    await page.waitForSelector('#confirmations', { timeout: 10_000 });
    assert.equal(await page.textContent('#confirmations'), 'Waiting for 3 of 12 confirmations');
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'invoice-live-confirmations');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
