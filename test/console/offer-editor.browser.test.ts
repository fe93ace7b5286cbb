// The offer editor in real Chromium at desktop and phone size: from the templates screen, write an
// offer from a template, add a line item (a plain form post, no script needed), save it, preview it
// as the recipient will see it, then edit (add two blocks, move one up) and save again. Screenshots
// go to test-output/; axe finds no serious or critical violation on any screen; nothing scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer } from '../helpers/app.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { describeBrowserEachEngine, type ServedApp, serveApp } from '../helpers/browser-app.js';
import { PASSWORD, WEBSITE_TEMPLATE } from './support.js';

const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 740 },
] as const;

describeBrowserEachEngine('offer editor in Chromium', (engine) => {
  let served: ServedApp;
  let app: App;
  let browser: Browser;
  let baseUrl: string;
  const email = 'writer@editor.example';

  before(async () => {
    served = await serveApp(engine);
    ({ app, baseUrl } = served);
    const org = await createOrganisation(served.deps, { name: 'Editor GmbH' });
    const user = await app.inject({
      method: 'POST',
      url: `/admin/organisations/${org.organisation.id}/users`,
      headers: bearer(ADMIN_TOKEN),
      payload: { email, name: 'Wanda Writer', role: 'seller', password: PASSWORD },
    });
    assert.equal(user.statusCode, 201, user.body);
    const template = await app.inject({
      method: 'POST',
      url: '/offer-templates',
      headers: bearer(org.apiToken),
      payload: WEBSITE_TEMPLATE,
    });
    assert.equal(template.statusCode, 201, template.body);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  async function checkScreen(page: Page, name: string) {
    await screenshot(page, `editor-${name}`);
    assert.deepEqual(await seriousViolations(page), [], `${name}: axe`);
    assert.equal(await scrollsHorizontally(page), false, `${name}: no horizontal scroll`);
  }

  for (const size of SIZES) {
    it(`writes an offer from a template, adds a line, saves, previews and edits it (${size.name}, ${size.width} px)`, async () => {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale: 'en-GB' });
      const page = await context.newPage();
      const foreign: string[] = [];
      const cspErrors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(baseUrl)) foreign.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') cspErrors.push(`${m.text()} at ${page.url()}`);
      });

      await page.goto(`${baseUrl}/app/login`);
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await Promise.all([page.waitForURL(`${baseUrl}/app/offers`), page.getByRole('button', { name: 'Sign in' }).click()]);
      assert.equal(await page.getByRole('link', { name: 'New offer' }).count(), 1);

      await Promise.all([page.waitForURL(`${baseUrl}/app/templates`), page.getByRole('link', { name: 'Templates' }).click()]);
      await checkScreen(page, `templates-${size.name}`);
      await Promise.all([
        page.waitForURL(/\/app\/offers\/new\?template=/),
        page.getByRole('link', { name: 'New offer from this template' }).click(),
      ]);
      assert.equal(await page.locator('[name="name"]').inputValue(), 'Website relaunch');
      assert.equal(await page.locator('[name="lineItems[0].name"]').inputValue(), 'Design');
      await checkScreen(page, `new-from-template-${size.name}`);

      // "Add a line" posts the form back: the new row appears and what was typed stays.
      await page.locator('[name="name"]').fill(`Relaunch (${size.name})`);
      await page.getByRole('button', { name: 'Add a line' }).click();
      await page.locator('[name="lineItems[1].name"]').waitFor();
      assert.equal(await page.locator('[name="name"]').inputValue(), `Relaunch (${size.name})`);
      await page.locator('[name="lineItems[1].name"]').fill('Hosting');
      await page.locator('[name="lineItems[1].quantity"]').fill('12');
      await page.locator('[name="lineItems[1].unitPrice"]').fill('29.90');
      await page.locator('[name="lineItems[1].interval"]').selectOption('1M');
      await page.getByRole('button', { name: 'Add a recipient' }).click();
      await page.locator('[name="recipients[0].email"]').waitFor();
      await page.locator('[name="recipients[0].firstName"]').fill('Bea');
      await page.locator('[name="recipients[0].lastName"]').fill('Buyer');
      await page.locator('[name="recipients[0].email"]').fill('bea@example.com');
      await checkScreen(page, `new-filled-${size.name}`);

      // A value the use case refuses: the page says so and keeps everything typed.
      await page.locator('[name="lineItems[1].taxRate"]').fill('19.999');
      await page.getByRole('button', { name: 'Create the offer' }).last().click();
      await page.locator('#form-errors').waitFor();
      assert.equal(await page.locator('[name="lineItems[1].name"]').inputValue(), 'Hosting');
      await checkScreen(page, `new-refused-${size.name}`);
      await page.locator('[name="lineItems[1].taxRate"]').fill('19');
      await Promise.all([
        page.waitForURL(/\/app\/offers\/[^/]+\?done=saved$/),
        page.getByRole('button', { name: 'Create the offer' }).last().click(),
      ]);
      assert.match((await page.getByRole('status').textContent()) ?? '', /The offer is saved\./);
      const offerUrl = page.url().replace(/\?.*$/, '');
      await checkScreen(page, `saved-${size.name}`);

      await Promise.all([page.waitForURL(`${offerUrl}/preview`), page.getByRole('link', { name: 'Preview' }).click()]);
      assert.match((await page.locator('#preview-banner').textContent()) ?? '', /Preview — not sent/);
      const items = (await page.locator('#line-items').textContent()) ?? '';
      assert.match(items, /Design/);
      assert.match(items, /Hosting/);
      assert.equal(await page.locator('form').count(), 0, 'nothing to accept or decline');
      await checkScreen(page, `preview-${size.name}`);

      await page.goto(offerUrl);
      await Promise.all([page.waitForURL(`${offerUrl}/edit`), page.getByRole('link', { name: 'Edit' }).click()]);
      await checkScreen(page, `edit-${size.name}`);
      await page.locator('[name="lineItems[1].quantity"]').fill('24');
      // Blocks: add a heading and a text block (posts back, values kept), then move the text above the heading.
      await page.getByRole('button', { name: 'Add a heading' }).click();
      await page.locator('[name="blocks[0].text"]').fill('Scope');
      await page.getByRole('button', { name: 'Add a text block' }).click();
      await page.locator('[name="blocks[1].text"]').fill('Details first');
      await page.getByRole('button', { name: 'Move block 2 up' }).click();
      await page.locator('[name="blocks[1].text"]').waitFor();
      assert.equal(await page.locator('[name="blocks[0].text"]').inputValue(), 'Details first');
      assert.equal(await page.locator('[name="blocks[1].text"]').inputValue(), 'Scope');
      assert.equal(await page.locator('[name="lineItems[1].quantity"]').inputValue(), '24', 'typed values kept');
      await checkScreen(page, `edit-blocks-${size.name}`);
      await Promise.all([page.waitForURL(/\?done=saved$/), page.getByRole('button', { name: 'Save' }).last().click()]);
      await page.goto(`${offerUrl}/preview`);
      assert.match((await page.locator('#line-items').textContent()) ?? '', /24/);
      const body = (await page.locator('body').textContent()) ?? '';
      assert.ok(body.indexOf('Details first') < body.indexOf('Scope') && body.includes('Scope'), 'blocks in their new order');

      assert.deepEqual(foreign, [], 'no request to another host');
      assert.deepEqual(
        cspErrors.filter((e) => /Content Security Policy/i.test(e)),
        [],
      );
      await context.close();
    });
  }
});
