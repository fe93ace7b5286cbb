// The approvals inbox in real Chromium, at 1280 and 375 px: an approver signs in, sees the request a
// seller made, approves it with a comment, and the offer goes live. axe finds no serious violation,
// the page never scrolls sideways, and screenshots land in test-output/.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer, json, type TestApp } from '../helpers/app.js';
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
  let organisationId: string;
  let annaId: string;

  before(async () => {
    served = await serveApp(engine);
    ({ app, baseUrl } = served);
    t = { app } as TestApp;
    const org = await createOrganisation(served.deps, { name: 'Approvals GmbH' });
    rep = org.apiToken;
    organisationId = org.organisation.id;
    const anna = (await addUser(t, org.organisation.id, { email, name: 'Anna Approver', role: 'approver' })).user.id;
    annaId = anna;
    await addUser(t, org.organisation.id, { email: 'ada@approvals.example', name: 'Ada Admin', role: 'admin' });
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

  it('adds a step to the policy with a button that posts the form back, names its person and saves (phone, 375 px)', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/app/approvals/policy`);
    await page.getByLabel('E-mail address').fill('ada@approvals.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/app/approvals/policy`), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByLabel('Minimum contract value in cents (empty: every offer needs approval)').fill('250000');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Add a step' }).click()]);
    await page.locator('#step1-name').waitFor();
    assert.equal(await page.getByLabel('Minimum contract value in cents (empty: every offer needs approval)').inputValue(), '250000');
    await screenshot(page, 'console-approval-policy-added-step-phone');
    assert.deepEqual(await seriousViolations(page), [], 'added step: axe');
    assert.equal(await scrollsHorizontally(page), false, 'added step: no horizontal scroll');

    await page.locator('#step1-name').fill('Finance');
    await page
      .locator('#step1')
      .getByLabel(/Anna Approver/)
      .check();
    await Promise.all([
      page.waitForURL(`${baseUrl}/app/approvals/policy?saved=1`),
      page.getByRole('button', { name: 'Save the policy' }).last().click(),
    ]);
    assert.match((await page.getByRole('status').textContent()) ?? '', /The approval policy is saved\./);
    assert.deepEqual(await seriousViolations(page), [], 'saved: axe');
    assert.equal(await scrollsHorizontally(page), false, 'saved: no horizontal scroll');
    const policy = json(
      await app.inject({ method: 'GET', url: `/admin/organisations/${organisationId}/approval-policy`, headers: bearer(ADMIN_TOKEN) }),
    );
    assert.equal(policy.minContractValueCents, 250000);
    assert.deepEqual(
      policy.steps.map((s: { name: string; users: { id: string }[] }) => [s.name, s.users.map((u) => u.id)]),
      [
        ['Deal desk', [annaId]],
        ['Finance', [annaId]],
      ],
    );
    await context.close();
  });
});
