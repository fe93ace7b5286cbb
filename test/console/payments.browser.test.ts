// The payments screens in real Chromium at 1280 and 375 px: the list (the htmx filter), a paid
// invoice whose first callback failed at the merchant's receiver, "send again", and the new attempt
// appearing on the page once the running delivery worker made it; balances and settings. axe without
// serious violations, no sideways scroll, no CSP error, screenshots in test-output/.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createOrganisation, type CreatedOrganisation } from '../../src/organisations/service.js';
import { startWebhookWorker, type WebhookWorker } from '../../src/webhooks/worker.js';
import { ADMIN_TOKEN, bearer } from '../helpers/app.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { describeBrowserEachEngine, type ServedApp, serveApp } from '../helpers/browser-app.js';
import { merchantClient, type MerchantClient } from '../helpers/merchant.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { createInvoice, payInvoice } from './payments-support.js';
import { PASSWORD } from './support.js';

describeBrowserEachEngine('console payments in Chromium', (engine) => {
  let served: ServedApp;
  let browser: Browser;
  let receiver: Receiver;
  let worker: WebhookWorker;
  let org: CreatedOrganisation;
  let client: MerchantClient;
  const email = 'admin@payments.example';

  before(async () => {
    served = await serveApp(engine, { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true' });
    const { app, deps } = served;
    receiver = await startReceiver();
    org = await createOrganisation(deps, { name: 'Payments GmbH' });
    client = merchantClient(app, org.merchant);
    const user = await app.inject({
      method: 'POST',
      url: `/admin/organisations/${org.organisation.id}/users`,
      headers: bearer(ADMIN_TOKEN),
      payload: { email, name: 'Ada Admin', role: 'admin', password: PASSWORD },
    });
    assert.equal(user.statusCode, 201, user.body);
    const settings = await app.inject({
      method: 'PATCH',
      url: `/admin/organisations/${org.organisation.id}/merchant`,
      headers: bearer(ADMIN_TOKEN),
      payload: { callback_url: `${receiver.url}/cb` },
    });
    assert.equal(settings.statusCode, 200, settings.body);
    worker = startWebhookWorker(deps, { pollIntervalMs: 50 });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await worker?.stop();
    await receiver?.close();
    await served?.close();
  });

  /** A paid invoice whose first callback (pending) the receiver answered with 500. */
  async function paidWithFailedCallback(foreignId: string): Promise<number> {
    receiver.respond = (r) => (r.body.includes(foreignId) ? { status: 500, body: 'receiver <b>down</b>' } : { status: 200 });
    const id = await createInvoice(client, foreignId, { amount: '100' });
    await payInvoice(client, foreignId);
    for (let i = 0; i < 200; i++) {
      const { rows } = await served.deps.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
          WHERE d.ordering_key = $1`,
        [`invoice:${id}`],
      );
      if (rows[0]!.n > 0) return id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the first callback was not attempted');
  }

  async function check(page: Page, name: string, width: number) {
    assert.deepEqual(await seriousViolations(page), [], `${name}: axe`);
    assert.equal(await scrollsHorizontally(page), false, `${name}: no horizontal scroll`);
    await screenshot(page, `payments-${name}-${width}`);
  }

  for (const width of [1280, 375]) {
    it(`opens a paid invoice and sends its failed callback again (${width} px)`, async () => {
      const foreignId = `order-${width}`;
      const id = await paidWithFailedCallback(foreignId);
      const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'en-GB' });
      const page = await context.newPage();
      const errors: string[] = [];
      const foreign: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      const missing: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) missing.push(`${r.status()} ${r.url()}`);
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(served.baseUrl)) foreign.push(r.url());
      });
      const { baseUrl } = served;
      await page.goto(`${baseUrl}/app/payments`);
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await Promise.all([page.waitForURL(`${baseUrl}/app/payments`), page.getByRole('button', { name: 'Sign in' }).click()]);
      await check(page, 'list', width);

      // The filter swaps the results with htmx and puts the filter into the URL.
      await page.getByLabel('Status').selectOption('confirmed');
      await page.waitForURL(/status=confirmed/);
      await page.getByRole('link', { name: String(id), exact: true }).click();
      await page.waitForURL(`${baseUrl}/app/payments/invoices/${id}`);
      const first = page.locator('article.callback').first();
      await first.getByText('HTTP 500').waitFor();
      await check(page, 'invoice-failed', width);

      receiver.respond = () => ({ status: 200, body: 'ok' });
      await Promise.all([page.waitForURL(/done=resent/), first.getByRole('button', { name: 'Send again' }).click()]);
      await page.getByText('The callback is queued again').waitFor();
      // The worker sends it; the page (asking again every 2 s while it waits) shows the new attempt.
      await page.locator('article.callback').first().getByText('HTTP 200').waitFor({ timeout: 15_000 });
      await page.locator('article.callback').first().getByText('Delivered').waitFor({ timeout: 15_000 });
      await check(page, 'invoice-resent', width);
      const got = receiver.requests.filter((r) => r.body.includes(foreignId)).map((r) => JSON.parse(r.body).status);
      assert.equal(got[0], 'pending', 'the failed one first');
      assert.ok(got.filter((s) => s === 'pending').length >= 2, 'the pending callback reached the receiver again');

      await page.getByRole('link', { name: 'Balances' }).click();
      await page.waitForURL(`${baseUrl}/app/payments/balances`);
      await check(page, 'balances', width);
      await page.getByRole('link', { name: 'Payment settings' }).click();
      await page.waitForURL(`${baseUrl}/app/payments/settings`);
      await check(page, 'settings', width);

      assert.deepEqual(foreign, [], 'nothing from another host');
      assert.deepEqual(missing, [], 'every resource the pages load is there');
      // (A 404 for /favicon.ico is the browser's own asking, not the page's.)
      assert.deepEqual(
        errors.filter((e) => /Content Security Policy|Refused to/i.test(e)),
        [],
        'no CSP violation',
      );
      await context.close();
    });
  }
});
