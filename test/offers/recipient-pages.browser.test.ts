// Every state of the recipient's page in real Chromium, in German and English, at 375 and 1280 px:
// screenshots into test-output/, no serious or critical axe-core violation, no horizontal scrolling at
// 320 px, 44 px touch targets, and the invoice-details form kept and focused after a failed submit —
// with JavaScript and without.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { saveProfile } from '../../src/organisations/profile.js';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App, Deps } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer, type TestApp, tempDataDir } from '../helpers/app.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { browserSkip, launchChromium, screenshot } from '../helpers/browser.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { INVOICE_DETAILS, PNG_DATA_URL, PRICED_OFFER, pub, publishedOffer, SELLER_PROFILE } from './recipient-support.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

type Lang = 'de' | 'en';

describe('recipient pages in every state (Chromium, axe)', { skip: browserSkip }, () => {
  let testDb: TestDatabase;
  let app: App;
  let browser: Browser;
  let baseUrl: string;
  let apiToken: string;
  let t: TestApp;
  /** Moves the server's clock (the expired state) without touching the others' data. */
  let offsetMs = 0;
  const dataDir = tempDataDir();

  before(async () => {
    testDb = await freshDatabase('pglite');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({ ADMIN_TOKEN, PUBLIC_URL: baseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMITS: 'off' });
    const deps: Deps = { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock: { now: () => new Date(Date.now() + offsetMs) } };
    app = await buildApp(deps, { logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    const org = await createOrganisation(deps, { name: 'Muster' });
    apiToken = org.apiToken;
    await saveProfile(testDb.db, org.organisation.id, SELLER_PROFILE);
    t = { app, db: testDb.db } as unknown as TestApp;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await testDb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const link = (token: string) => `${baseUrl}/o/${token}`;

  async function offer(lang: Lang, body: Record<string, unknown> = {}) {
    const { offer, tokens } = await publishedOffer(t, apiToken, {
      ...PRICED_OFFER,
      locale: lang,
      recipients: [
        { email: 'anna@kunde.example', firstName: 'Anna', lastName: 'Kunde', role: 'sign' },
        { email: 'ben@kunde.example', firstName: 'Ben', lastName: 'Kunde', role: 'sign' },
      ],
      ...body,
    });
    return { id: offer.id as string, a: tokens['anna@kunde.example']!, b: tokens['ben@kunde.example']! };
  }

  /** The link of each state, set up through the Public offer API and the Offers API. */
  async function states(lang: Lang): Promise<[string, string, number][]> {
    const open = await offer(lang);
    const signing = await offer(lang, { acceptanceMode: 'esignature' });
    const waiting = await offer(lang, { acceptanceMode: 'esignature' });
    assert.equal(
      (await pub(t, 'POST', waiting.a, '/sign', { fullName: 'Anna Kunde', signatureImage: PNG_DATA_URL, consent: true })).statusCode,
      200,
    );
    const details = await offer(lang);
    assert.equal((await pub(t, 'POST', details.a, '/accept', { consent: true })).statusCode, 200);
    const done = await offer(lang);
    assert.equal((await pub(t, 'POST', done.a, '/accept', { consent: true })).statusCode, 200);
    assert.equal((await pub(t, 'POST', done.a, '/invoice-details', INVOICE_DETAILS)).statusCode, 200);
    const declined = await offer(lang);
    assert.equal((await pub(t, 'POST', declined.a, '/decline', { reason: 'Zu teuer.' })).statusCode, 200);
    const withdrawn = await offer(lang, { acceptanceMode: 'esignature' });
    assert.equal(
      (await app.inject({ method: 'POST', url: `/offers/${withdrawn.id}/cancel-signing`, headers: bearer(apiToken) })).statusCode,
      200,
    );
    const expired = await offer(lang, { validUntil: new Date(Date.now() + 3_600_000).toISOString() });
    return [
      ['open', link(open.a), 200],
      ['signing', link(signing.a), 200],
      ['waiting', link(waiting.a), 200],
      ['details', `${link(details.a)}?done=accepted`, 200],
      ['done', `${link(done.a)}?done=details`, 200],
      ['declined', `${link(declined.a)}?done=declined`, 200],
      ['declined-other', link(declined.b), 200],
      ['withdrawn', link(withdrawn.a), 404],
      ['expired', link(expired.a), 410],
      ['unknown', `${baseUrl}/o/${'u'.repeat(43)}`, 404],
    ];
  }

  async function check(page: Page, name: string, url: string, status: number) {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      const res = await page.goto(url);
      assert.equal(res?.status(), status, `${name} answers ${status}`);
      assert.deepEqual(await seriousViolations(page), [], `${name} at ${width} px has no serious axe violation`);
      await screenshot(page, `recipient-${name}-${width}`);
    }
    await page.setViewportSize({ width: 320, height: 800 });
    assert.equal(await scrollsHorizontally(page), false, `${name} does not scroll sideways at 320 px`);
  }

  for (const lang of ['de', 'en'] as const) {
    it(`every state in ${lang === 'de' ? 'German' : 'English'}: axe, screenshots, no sideways scrolling`, async () => {
      const list = await states(lang);
      const context = await browser.newContext({ locale: lang === 'de' ? 'de-DE' : 'en-US' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // The expired, withdrawn and unknown pages answer 410/404 by design; any other console error counts.
      page.on('console', (m) => m.type() === 'error' && !/^Failed to load resource: .* (404|410) /.test(m.text()) && errors.push(m.text()));
      try {
        for (const [name, url, status] of list) {
          if (name === 'expired') offsetMs = 2 * 3_600_000;
          try {
            await check(page, `${lang}-${name}`, url, status);
          } finally {
            offsetMs = 0;
          }
        }
        // The unknown link follows the browser's Accept-Language.
        await page.goto(list.at(-1)![1]);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        // Phone: the line items are cards, the steps mark the current one, touch targets are 44 px.
        await page.setViewportSize({ width: 375, height: 900 });
        await page.goto(list[0]![1]);
        const style = (selector: string, property: string) =>
          page
            .locator(selector)
            .first()
            .evaluate(
              (e, p) => (globalThis as unknown as { getComputedStyle: (e: unknown) => Record<string, string> }).getComputedStyle(e)[p],
              property,
            );
        assert.equal(await style('#line-items thead', 'position'), 'absolute');
        assert.equal(await style('#line-items tr', 'display'), 'block');
        assert.equal(await page.locator('[aria-current="step"]').count(), 1);
        for (const target of await page.locator('button, label.check, summary').all()) {
          if (!(await target.isVisible())) continue;
          const box = (await target.boundingBox())!;
          assert.ok(box.height >= 44 && box.width >= 44, `touch target ${await target.textContent()} is ${box.width}×${box.height}`);
        }
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  for (const javaScriptEnabled of [false, true]) {
    it(`a failed invoice-details submit keeps the values and focuses the first invalid field (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
      const { a } = await offer('de');
      assert.equal((await pub(t, 'POST', a, '/accept', { consent: true })).statusCode, 200);
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      try {
        await page.goto(link(a));
        for (const [field, value] of Object.entries({
          companyName: 'Beispiel AG',
          street: 'Ringstraße 5',
          zip: '8',
          city: 'München',
          country: 'Deutschland',
          email: 'rechnung@beispiel.example',
        }))
          await page.fill(`#f-${field}`, value);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/invoice-details')),
          page.getByRole('button', { name: 'Rechnungsdaten senden' }).click(),
        ]);
        assert.equal(response.status(), 422);
        await page.locator('#details-errors').waitFor();
        assert.equal(await page.inputValue('#f-companyName'), 'Beispiel AG');
        assert.equal(await page.inputValue('#f-country'), 'Deutschland');
        assert.equal(await page.locator('#f-zip').getAttribute('aria-invalid'), 'true');
        assert.equal(await page.locator('#f-zip').getAttribute('aria-describedby'), 'f-zip-error');
        assert.match((await page.textContent('#f-zip-error')) ?? '', /Postleitzahl/);
        assert.equal(
          await page
            .locator('#f-zip')
            .evaluate((e) => e === (e as { ownerDocument?: { activeElement: unknown } }).ownerDocument?.activeElement),
          true,
          'focus is on the first invalid field',
        );
        await screenshot(page, `recipient-de-details-invalid-${javaScriptEnabled ? 'js' : 'nojs'}-375`);
        // axe runs as a script in the page: only where the page may run scripts (the same page with JavaScript).
        if (javaScriptEnabled) assert.deepEqual(await seriousViolations(page), []);
      } finally {
        await context.close();
      }
    });
  }
});
