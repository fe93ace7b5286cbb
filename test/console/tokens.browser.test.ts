// The API tokens screen in real Chromium at phone size: create a token through the form, see it
// once, copy it with the button (the copy script runs under the page's nonce CSP), and the screen
// has no serious axe violation and no sideways scroll.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer } from '../helpers/app.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { describeBrowserEachEngine, type ServedApp, serveApp } from '../helpers/browser-app.js';
import { PASSWORD } from './support.js';

describeBrowserEachEngine('console API tokens in Chromium', (engine) => {
  let served: ServedApp;
  let app: App;
  let browser: Browser;
  let baseUrl: string;
  const email = 'admin@tokens.example';

  before(async () => {
    served = await serveApp(engine);
    ({ app, baseUrl } = served);
    const { deps } = served;
    const org = await createOrganisation(deps, { name: 'Tokens GmbH' });
    const user = await app.inject({
      method: 'POST',
      url: `/admin/organisations/${org.organisation.id}/users`,
      headers: bearer(ADMIN_TOKEN),
      payload: { email, name: 'Ada Admin', role: 'admin', password: PASSWORD },
    });
    assert.equal(user.statusCode, 201, user.body);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  it('creates a token through the form, shows it once and copies it (phone, 375 px)', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'en-GB' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });
    await page.goto(`${baseUrl}/app/organisation/tokens`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/app/organisation/tokens`), page.getByRole('button', { name: 'Sign in' }).click()]);
    assert.deepEqual(await seriousViolations(page), [], 'tokens: axe');
    assert.equal(await scrollsHorizontally(page), false, 'tokens: no horizontal scroll');

    await page.getByLabel('Label').fill('Browser token');
    await page.getByLabel('media:read').uncheck();
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Create token' }).click()]);
    await page.locator('#new-token').waitFor();
    const token = ((await page.locator('#new-token').textContent()) ?? '').trim();
    assert.ok(token.length > 20);
    await screenshot(page, 'console-tokens-created-phone');
    assert.deepEqual(await seriousViolations(page), [], 'token shown: axe');
    assert.equal(await scrollsHorizontally(page), false, 'token shown: no horizontal scroll');

    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(
      await page.evaluate(() =>
        (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
      ),
      token,
    );
    assert.match((await page.locator('tbody').textContent()) ?? '', /offer:read, offer:write/);
    assert.deepEqual(
      cspErrors.filter((e) => /Content Security Policy/i.test(e)),
      [],
    );
    await context.close();
  });
});
