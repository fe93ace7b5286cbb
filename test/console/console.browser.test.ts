// The console in real Chromium at desktop and phone size: sign in, see the offers list, filter it
// (the URL changes and opens the same view when shared), open an offer. Screenshots go to
// test-output/; axe finds no serious or critical violation on any screen; nothing scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer, json } from '../helpers/app.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { describeBrowserEachEngine, type ServedApp, serveApp } from '../helpers/browser-app.js';
import { PASSWORD } from './support.js';

const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 740 },
] as const;

describeBrowserEachEngine('console in Chromium', (engine) => {
  let served: ServedApp;
  let app: App;
  let browser: Browser;
  let baseUrl: string;
  const email = 'seller@console.example';
  let openOfferId: string;

  before(async () => {
    served = await serveApp(engine);
    ({ app, baseUrl } = served);
    const { deps } = served;
    const org = await createOrganisation(deps, { name: 'Console GmbH' });
    const user = await app.inject({
      method: 'POST',
      url: `/admin/organisations/${org.organisation.id}/users`,
      headers: bearer(ADMIN_TOKEN),
      payload: { email, name: 'Sina Seller', role: 'seller', password: PASSWORD },
    });
    assert.equal(user.statusCode, 201, user.body);
    const offer = async (name: string, acceptanceMode: string) =>
      json(
        await app.inject({
          method: 'POST',
          url: '/offers',
          headers: bearer(org.apiToken),
          payload: {
            name,
            acceptanceMode,
            recipients: [{ email: 'buyer@example.com', firstName: 'Bea', lastName: 'Buyer', role: 'sign' }],
            lineItems: [{ name: 'Hosting', quantity: 2, unitAmountCents: 4999, currency: 'EUR', interval: '1M', priceType: 'per_unit' }],
          },
        }),
      );
    openOfferId = (await offer('Website relaunch', 'click')).id;
    await offer('Support contract', 'esignature');
    await offer('Printed quote', 'print');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  async function checkScreen(page: Page, name: string) {
    await screenshot(page, `console-${name}`);
    assert.deepEqual(await seriousViolations(page), [], `${name}: axe`);
    assert.equal(await scrollsHorizontally(page), false, `${name}: no horizontal scroll`);
  }

  for (const size of SIZES) {
    it(`signs in, filters the offers list into a shareable URL and opens an offer (${size.name}, ${size.width} px)`, async () => {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale: 'en-GB' });
      const page = await context.newPage();
      const foreign: string[] = [];
      const cspErrors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(baseUrl)) foreign.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') cspErrors.push(`${m.text()} at ${page.url()} ${JSON.stringify(m.location())}`);
      });

      await page.goto(`${baseUrl}/app/offers`);
      assert.match(page.url(), /\/app\/login\?next=%2Fapp%2Foffers$/);
      await checkScreen(page, `login-${size.name}`);
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await Promise.all([page.waitForURL(`${baseUrl}/app/offers`), page.getByRole('button', { name: 'Sign in' }).click()]);
      assert.equal(await page.locator('#results tbody tr').count(), 3);
      await checkScreen(page, `offers-${size.name}`);

      // htmx swaps the results and pushes the URL as the filter changes.
      await page.getByLabel('Acceptance').selectOption('click');
      await page.waitForURL(/acceptanceMode=click/);
      await page.locator('#results tbody tr').nth(1).waitFor({ state: 'detached' });
      const shared = page.url();
      assert.match(shared, /\/app\/offers\?.*acceptanceMode=click/);
      await checkScreen(page, `offers-filtered-${size.name}`);

      // The URL is the saved view: opened afresh, it shows the same list.
      const again = await context.newPage();
      await again.goto(shared);
      assert.equal(await again.locator('#results tbody tr').count(), 1);
      assert.equal(await again.getByLabel('Acceptance').inputValue(), 'click');
      await again.close();

      await Promise.all([page.waitForURL(`${baseUrl}/app/offers/${openOfferId}`), page.getByRole('link', { name: /^ANG-/ }).click()]);
      assert.match((await page.locator('h1').textContent()) ?? '', /Website relaunch/);
      assert.match((await page.locator('#h-recipients + .table').textContent()) ?? '', /buyer@example\.com/);
      assert.match((await page.locator('ol.timeline').textContent()) ?? '', /offer\.created/);
      await checkScreen(page, `offer-${size.name}`);

      // Publish by the page's button (a plain form post): back on the page, which says so.
      await Promise.all([page.waitForURL(/\?done=published$/), page.getByRole('button', { name: 'Publish' }).click()]);
      assert.match((await page.getByRole('status').textContent()) ?? '', /The offer is published\./);
      await checkScreen(page, `offer-published-${size.name}`);

      assert.deepEqual(foreign, [], 'no request to another host');
      assert.deepEqual(
        cspErrors.filter((e) => /Content Security Policy/i.test(e)),
        [],
      );
      await context.close();
    });
  }
});
