// The webhooks and organisation profile screens in real Chromium at 1280 and 375 px: add an endpoint
// through the form (secret shown once, copied under the nonce CSP), see its delivery in the log, send
// it again; edit the profile and upload a logo. axe without serious violations, no sideways scroll,
// screenshots in test-output/.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createOrganisation } from '../../src/organisations/service.js';
import { enqueue } from '../../src/platform/outbox.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { ADMIN_TOKEN, bearer } from '../helpers/app.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { describeBrowserEachEngine, type ServedApp, serveApp } from '../helpers/browser-app.js';
import { png } from '../organisations/images.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { PASSWORD } from './support.js';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 740 },
] as const;

describeBrowserEachEngine('console webhooks and profile in Chromium', (engine) => {
  let served: ServedApp;
  let browser: Browser;
  let receiver: Receiver;
  let organisationId: string;

  before(async () => {
    served = await serveApp(engine, { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true' });
    receiver = await startReceiver();
    const org = await createOrganisation(served.deps, { name: 'Browser Hooks GmbH' });
    organisationId = org.organisation.id;
    for (const { name } of VIEWPORTS) {
      const user = await served.app.inject({
        method: 'POST',
        url: `/admin/organisations/${organisationId}/users`,
        headers: bearer(ADMIN_TOKEN),
        payload: { email: `${name}@hooks.example`, name: 'Ada Admin', role: 'admin', password: PASSWORD },
      });
      assert.equal(user.statusCode, 201, user.body);
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
    await served?.close();
  });

  const check = async (page: Page, what: string) => {
    assert.deepEqual(await seriousViolations(page), [], `${what}: axe`);
    assert.equal(await scrollsHorizontally(page), false, `${what}: no horizontal scroll`);
  };

  for (const viewport of VIEWPORTS) {
    it(`adds an endpoint, sees a delivery, sends it again and edits the profile (${viewport.width} px)`, async () => {
      const { baseUrl } = served;
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, locale: 'en-GB' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
      const page = await context.newPage();
      const cspErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
      });
      await page.goto(`${baseUrl}/app/webhooks`);
      await page.getByLabel('E-mail address').fill(`${viewport.name}@hooks.example`);
      await page.getByLabel('Password').fill(PASSWORD);
      await Promise.all([page.waitForURL(`${baseUrl}/app/webhooks`), page.getByRole('button', { name: 'Sign in' }).click()]);
      await check(page, 'webhooks list');

      const path = `/browser-${viewport.name}`;
      await page.getByLabel('URL').fill(`${receiver.url}${path}`);
      await page.getByLabel('offer.created').check();
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Add endpoint' }).click()]);
      await page.locator('#webhook-secret').waitFor();
      const secret = ((await page.locator('#webhook-secret').textContent()) ?? '').trim();
      assert.match(secret, /^whsec_/);
      await screenshot(page, `console-webhook-created-${viewport.name}`);
      await check(page, 'endpoint created');
      await page.getByRole('button', { name: 'Copy', exact: true }).click();
      await page.getByRole('button', { name: 'Copied' }).waitFor();
      assert.equal(
        await page.evaluate(() =>
          (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
        ),
        secret,
      );

      const before = receiver.requests.length;
      await served.deps.db.transaction((tx) =>
        enqueue(tx, { organisationId, topic: 'offer.created', payload: { data: { id: `browser-${viewport.name}` } } }),
      );
      await runOnce(served.deps);
      assert.ok(receiver.requests.slice(before).some((r) => r.url === path));
      // The endpoint's own page (the secret came on the POST's response: no reload re-posting it).
      const rotate = (await page.locator('form[action$="/rotate-secret"]').getAttribute('action')) ?? '';
      await page.goto(`${baseUrl}${rotate.replace(/\/rotate-secret$/, '')}`);
      const row = page.locator('tbody tr', { hasText: 'offer.created' });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /delivered/);
      assert.ok(!(await page.content()).includes(secret), 'the endpoint page does not show the secret again');
      await check(page, 'delivery log');
      await screenshot(page, `console-webhook-log-${viewport.name}`);
      await Promise.all([page.waitForURL(/done=redelivered/), row.getByRole('button', { name: 'Send again' }).click()]);
      await page.getByText('The delivery is queued again').waitFor();
      await check(page, 'redelivered');
      await screenshot(page, `console-webhook-redelivered-${viewport.name}`);

      await page.goto(`${baseUrl}/app/organisation`);
      await Promise.all([
        page.waitForURL(`${baseUrl}/app/organisation/profile`),
        page.getByRole('link', { name: /Organisation profile/ }).click(),
      ]);
      await check(page, 'profile');
      await page.getByLabel('Legal name').fill(`Browser Hooks GmbH (${viewport.name})`);
      await page.getByLabel('Street and number').fill('Musterstraße 1');
      await page.getByLabel('Postal code').fill('80331');
      await page.getByLabel('City').fill('München');
      await page.getByLabel('Country (ISO code, e.g. DE)').fill('DE');
      await page.getByLabel('Default tax rate (%)').fill('19');
      await Promise.all([page.waitForURL(/done=saved/), page.getByRole('button', { name: 'Save profile' }).click()]);
      await page.getByText('The profile is saved.').waitFor();
      await page.getByLabel(/PNG or JPEG/).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png(120, 40) });
      await Promise.all([page.waitForURL(/done=logo/), page.getByRole('button', { name: 'Upload logo' }).click()]);
      const logo = page.getByRole('img', { name: 'The current logo' });
      await logo.waitFor();
      assert.ok(await logo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth === 120), 'the logo loads');
      await check(page, 'profile saved');
      await screenshot(page, `console-profile-${viewport.name}`);
      assert.deepEqual(cspErrors, []);
      await context.close();
    });
  }
});
