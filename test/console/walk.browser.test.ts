// The whole quote-to-cash path through the console in real Chromium, at desktop and phone size, as
// issue 16 describes it: a seller signs in, writes an offer from a template, publishes it (the
// approval policy holds it), finds it in the filtered list; an approver — another user — approves it
// with a comment and the offer goes live; the recipient accepts it on their page; an admin opens a
// paid merchant invoice and sends its failed callback again. Every screen: a screenshot in
// test-output/, axe without serious or critical violations, no sideways scroll, no request to
// another host, no CSP violation.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createOrganisation, type CreatedOrganisation } from '../../src/organisations/service.js';
import { startWebhookWorker, type WebhookWorker } from '../../src/webhooks/worker.js';
import { ADMIN_TOKEN, bearer, type TestApp } from '../helpers/app.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { describeBrowserEachEngine, type ServedApp, serveApp } from '../helpers/browser-app.js';
import { merchantClient } from '../helpers/merchant.js';
import { putPolicy } from '../offers/approval-support.js';
import { getOffer } from '../offers/support.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { createInvoice, payInvoice } from './payments-support.js';
import { addUser, PASSWORD, WEBSITE_TEMPLATE } from './support.js';

const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 740 },
] as const;

describeBrowserEachEngine('the whole path through the console in Chromium', (engine) => {
  let served: ServedApp;
  let browser: Browser;
  let receiver: Receiver;
  let worker: WebhookWorker;
  let org: CreatedOrganisation;
  const seller = 'sina@walk.example';
  const approver = 'anna@walk.example';
  const admin = 'ada@walk.example';

  before(async () => {
    served = await serveApp(engine, { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true' });
    const { app, deps } = served;
    const t = { app } as TestApp;
    org = await createOrganisation(deps, { name: 'Walk GmbH' });
    await addUser(t, org.organisation.id, { email: seller, name: 'Sina Seller', role: 'seller' });
    const anna = (await addUser(t, org.organisation.id, { email: approver, name: 'Anna Approver', role: 'approver' })).user.id;
    await addUser(t, org.organisation.id, { email: admin, name: 'Ada Admin', role: 'admin' });
    assert.equal((await putPolicy(t, org.organisation.id, { steps: [{ name: 'Deal desk', users: [anna] }] })).statusCode, 200);
    const template = await app.inject({
      method: 'POST',
      url: '/offer-templates',
      headers: bearer(org.apiToken),
      payload: WEBSITE_TEMPLATE,
    });
    assert.equal(template.statusCode, 201, template.body);
    receiver = await startReceiver();
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

  /** A browser context whose pages are watched for foreign requests and CSP violations. */
  async function open(size: (typeof SIZES)[number]) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale: 'en-GB' });
    const foreign: string[] = [];
    const csp: string[] = [];
    context.on('request', (r) => {
      if (!r.url().startsWith(served.baseUrl)) foreign.push(r.url());
    });
    context.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) csp.push(`${m.text()} at ${m.page()?.url()}`);
    });
    return { context, page: await context.newPage(), foreign, csp };
  }

  async function check(page: Page, name: string) {
    await screenshot(page, `walk-${name}`);
    assert.deepEqual(await seriousViolations(page), [], `${name}: axe`);
    assert.equal(await scrollsHorizontally(page), false, `${name}: no horizontal scroll`);
  }

  async function signIn(page: Page, email: string, landing: string) {
    await page.goto(`${served.baseUrl}${landing}`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${served.baseUrl}${landing}`), page.getByRole('button', { name: 'Sign in' }).click()]);
  }

  async function done(watched: { context: BrowserContext; foreign: string[]; csp: string[] }) {
    assert.deepEqual(watched.foreign, [], 'no request to another host');
    assert.deepEqual(watched.csp, [], 'no CSP violation');
    await watched.context.close();
  }

  for (const size of SIZES) {
    it(`runs quote to cash from the browser (${size.name}, ${size.width} px)`, async () => {
      const { baseUrl } = served;
      const name = `Relaunch for Beispiel (${size.name})`;

      // The seller writes an offer from a template and publishes it; the policy holds it for approval.
      const writer = await open(size);
      let page = writer.page;
      await signIn(page, seller, '/app/offers');
      await check(page, `${size.name}-1-offers`);
      await Promise.all([page.waitForURL(`${baseUrl}/app/templates`), page.getByRole('link', { name: 'Templates' }).click()]);
      await Promise.all([
        page.waitForURL(/\/app\/offers\/new\?template=/),
        page.getByRole('link', { name: 'New offer from this template' }).click(),
      ]);
      assert.equal(await page.locator('[name="lineItems[0].name"]').inputValue(), 'Design');
      await page.locator('[name="name"]').fill(name);
      await page.locator('select[name="acceptanceMode"]').selectOption('click');
      await page.getByRole('button', { name: 'Add a recipient' }).click();
      await page.locator('[name="recipients[0].email"]').waitFor();
      await page.locator('[name="recipients[0].firstName"]').fill('Bea');
      await page.locator('[name="recipients[0].lastName"]').fill('Buyer');
      await page.locator('[name="recipients[0].email"]').fill(`bea-${size.name}@example.com`);
      await check(page, `${size.name}-2-new-offer`);
      await Promise.all([
        page.waitForURL(/\/app\/offers\/[^/]+\?done=saved$/),
        page.getByRole('button', { name: 'Create the offer' }).last().click(),
      ]);
      const offerUrl = page.url().replace(/\?.*$/, '');
      const offerId = offerUrl.split('/').pop()!;
      await Promise.all([page.waitForURL(`${offerUrl}/preview`), page.getByRole('link', { name: 'Preview' }).click()]);
      assert.match((await page.locator('#line-items').textContent()) ?? '', /Design/);
      await check(page, `${size.name}-3-preview`);
      await page.goto(offerUrl);
      await Promise.all([page.waitForURL(/\?done=approval$/), page.getByRole('button', { name: 'Publish' }).click()]);
      await check(page, `${size.name}-4-awaiting-approval`);

      // The filtered list, as a shareable URL, shows it.
      await page.goto(`${baseUrl}/app/offers?acceptanceMode=click&sort=name&dir=asc`);
      assert.match((await page.locator('#results').textContent()) ?? '', new RegExp(name.replace(/[()]/g, '\\$&')));
      await check(page, `${size.name}-5-filtered`);
      await done(writer);

      // Another user, the approver the policy names, approves it with a comment: the offer goes live.
      const deciding = await open(size);
      page = deciding.page;
      await signIn(page, approver, '/app/approvals');
      const card = page.locator('article', { has: page.locator(`a[href="/app/offers/${offerId}"]`) });
      await card.waitFor();
      await check(page, `${size.name}-6-approvals`);
      await card.getByLabel('Comment (required to reject)').fill('Discount is fine.');
      await Promise.all([page.waitForURL(`${baseUrl}/app/approvals?done=approved`), card.getByRole('button', { name: 'Approve' }).click()]);
      await check(page, `${size.name}-7-approved`);
      await done(deciding);
      const live = await getOffer({ app: served.app } as TestApp, org.apiToken, offerId);
      assert.ok(live.publishedVersionHash, 'approved: the offer is live (published)');

      // The recipient accepts on their page (in the offer's language: German, the default locale).
      const buyer = await open(size);
      page = buyer.page;
      await page.goto(live.recipients[0].link);
      await page.getByLabel('Ich nehme dieses Angebot verbindlich an.').check();
      await Promise.all([page.waitForURL(/\?done=[a-z]+$/), page.getByRole('button', { name: 'Angebot annehmen' }).click()]);
      await check(page, `${size.name}-8-accepted`);
      await done(buyer);

      // An admin opens a paid invoice and sends its failed callback again; the worker delivers it.
      const foreignId = `walk-${size.name}`;
      receiver.respond = (r) => (r.body.includes(foreignId) ? { status: 500, body: 'down' } : { status: 200 });
      const client = merchantClient(served.app, org.merchant);
      const invoiceId = await createInvoice(client, foreignId, { amount: '100' });
      await payInvoice(client, foreignId);
      const paying = await open(size);
      page = paying.page;
      await signIn(page, admin, '/app/payments');
      await check(page, `${size.name}-9-payments`);
      await page.getByRole('link', { name: String(invoiceId), exact: true }).click();
      await page.waitForURL(`${baseUrl}/app/payments/invoices/${invoiceId}`);
      const first = page.locator('article.callback').first();
      await first.getByText('HTTP 500').waitFor({ timeout: 15_000 });
      await check(page, `${size.name}-10-invoice`);
      receiver.respond = () => ({ status: 200 });
      await Promise.all([page.waitForURL(/done=resent/), first.getByRole('button', { name: 'Send again' }).click()]);
      await page.locator('article.callback').first().getByText('Delivered').waitFor({ timeout: 15_000 });
      await check(page, `${size.name}-11-resent`);
      await done(paying);
    });
  }
});
