// The approvals inbox in real Chromium, at 1280 and 375 px: an approver signs in, sees the request a
// seller made, approves it with a comment, and the offer goes live. axe finds no serious violation,
// the page never scrolls sideways, and screenshots land in test-output/.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App } from '../../src/platform/deps.js';
import { json, type TestApp } from '../helpers/app.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { describeBrowserEachEngine, type ServedApp, serveApp } from '../helpers/browser-app.js';
import { approval, putPolicy } from '../offers/approval-support.js';
import { createOffer, getOffer } from '../offers/support.js';
import { addUser, csrfOf, PASSWORD, post, signIn } from './support.js';

const DEAL = {
  name: 'Browser approval deal with a rather long name to wrap',
  acceptanceMode: 'esignature',
  recipients: [{ email: 'signer@example.com', firstName: 'Sam', lastName: 'Signer', role: 'sign' }],
  lineItems: [{ name: 'Licence', quantity: 10, unitAmountCents: 10000, currency: 'EUR', interval: '1M', priceType: 'per_unit' }],
};

describeBrowserEachEngine('console approvals inbox in Chromium', (engine) => {
  let served: ServedApp;
  let app: App;
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let rep: string;
  let seller: { cookie: string; csrf: string };
  const email = 'anna@approvals.example';

  before(async () => {
    served = await serveApp(engine);
    ({ app, baseUrl } = served);
    t = { app } as TestApp;
    const org = await createOrganisation(served.deps, { name: 'Approvals GmbH' });
    rep = org.apiToken;
    const anna = (await addUser(t, org.organisation.id, { email, name: 'Anna Approver', role: 'approver' })).user.id;
    await addUser(t, org.organisation.id, { email: 'sam@approvals.example', name: 'Sam Seller', role: 'seller' });
    assert.equal((await putPolicy(t, org.organisation.id, { steps: [{ name: 'Deal desk', users: [anna] }] })).statusCode, 200);
    const { cookie } = await signIn(app, 'sam@approvals.example');
    seller = { cookie, csrf: await csrfOf(app, cookie) };
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  /** The seller publishes a new offer through the console; it waits for approval. */
  const requested = async () => {
    const offer = await createOffer(t, rep, DEAL);
    const res = await post(app, `/app/offers/${offer.id}/publish`, { _csrf: seller.csrf }, seller.cookie);
    assert.equal(res.headers.location, `/app/offers/${offer.id}?done=approval`, res.body);
    return offer;
  };

  for (const [label, width, height] of [
    ['desktop', 1280, 900],
    ['phone', 375, 740],
  ] as const) {
    it(`signs in as the approver and approves the seller's request with a comment (${label}, ${width} px)`, async () => {
      const offer = await requested();
      const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
      const page = await context.newPage();
      const cspErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') cspErrors.push(m.text());
      });
      await page.goto(`${baseUrl}/app/approvals`);
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await Promise.all([page.waitForURL(`${baseUrl}/app/approvals`), page.getByRole('button', { name: 'Sign in' }).click()]);
      const card = page.locator('article', { has: page.locator(`a[href="/app/offers/${offer.id}"]`) });
      await card.waitFor();
      assert.match((await card.textContent()) ?? '', /Sam Seller/);
      await screenshot(page, `console-approvals-inbox-${label}`);
      assert.deepEqual(await seriousViolations(page), [], 'inbox: axe');
      assert.equal(await scrollsHorizontally(page), false, 'inbox: no horizontal scroll');

      await card.getByLabel('Comment (required to reject)').fill(`Fine from ${label}`);
      await Promise.all([page.waitForURL(`${baseUrl}/app/approvals?done=approved`), card.getByRole('button', { name: 'Approve' }).click()]);
      await page.getByRole('status').waitFor();
      assert.match((await page.getByRole('status').textContent()) ?? '', /Approved\./);
      assert.match(
        (await page.locator('#h-ended + .table, section:has(#h-ended)').first().textContent()) ?? '',
        new RegExp(`Fine from ${label}`),
      );
      await screenshot(page, `console-approvals-approved-${label}`);
      assert.deepEqual(await seriousViolations(page), [], 'approved: axe');
      assert.equal(await scrollsHorizontally(page), false, 'approved: no horizontal scroll');

      assert.equal((await getOffer(t, rep, offer.id)).status, 'signing', 'the offer went live');
      const decision = json(await approval(t, rep, offer.id)).request.decisions[0];
      assert.deepEqual([decision.account.label, decision.account.kind, decision.comment], ['Anna Approver', 'user', `Fine from ${label}`]);
      assert.deepEqual(
        cspErrors.filter((e) => /Content Security Policy/i.test(e)),
        [],
      );
      await context.close();
    });
  }
});
