// The API reference (/docs) in real Chromium: it loads with no script or CSP error, reads on a phone,
// passes axe, and sends a signed Merchant API request, the signature computed in the page from a
// secret typed in, which no request carries. Screenshots go to test-output/.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createOrganisation, type CreatedOrganisation } from '../../src/organisations/service.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { describeBrowserEachEngine, type ServedApp, serveApp } from '../helpers/browser-app.js';

interface Seen {
  errors: string[];
  requests: { url: string; headers: Record<string, string>; body: string }[];
}

describeBrowserEachEngine('API reference (/docs) in Chromium', (engine) => {
  let served: ServedApp;
  let browser: Browser;
  let baseUrl: string;
  let org: CreatedOrganisation;

  before(async () => {
    served = await serveApp(engine);
    baseUrl = served.baseUrl;
    org = await createOrganisation(served.deps, { name: 'Docs Shop' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  async function open(width: number): Promise<{ page: Page; seen: Seen }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const seen: Seen = { errors: [], requests: [] };
    page.on('pageerror', (e) => seen.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') seen.errors.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('request', async (r) => seen.requests.push({ url: r.url(), headers: await r.allHeaders(), body: r.postData() ?? '' }));
    await page.goto(`${baseUrl}/docs`);
    await page.waitForSelector('.opblock');
    return { page, seen };
  }

  it('loads without errors, from this host only, readable at 375 px and without serious axe violations', async () => {
    for (const width of [375, 1280]) {
      const { page, seen } = await open(width);
      assert.deepEqual(seen.errors, [], `${width}px`);
      assert.deepEqual(
        seen.requests.filter((r) => !r.url.startsWith(baseUrl)).map((r) => r.url),
        [],
      );
      assert.equal(await scrollsHorizontally(page), false, `${width}px scrolls horizontally`);
      assert.deepEqual(await seriousViolations(page), [], `${width}px`);
      await screenshot(page, `docs-${width}`);
      await page.close();
    }
  });

  it('sends a signed Merchant API request from the page; no request carries the secret', async () => {
    const { page, seen } = await open(375);
    await page.getByLabel('Merchant key').fill(org.merchant.key);
    await page.getByLabel('Merchant secret').fill(org.merchant.secret);

    const operation = page.locator('#operations-Merchant_API-post_api_v2_invoices_create');
    await operation.locator('.opblock-summary-control').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    const body = await operation.locator('textarea.body-param__text').inputValue();
    assert.match(body, /"foreign_id": "order-10042"/, 'the example is a real request');
    const answered = page.waitForResponse((r) => r.url() === `${baseUrl}/api/v2/invoices/create`);
    await operation.getByRole('button', { name: 'Execute' }).click();
    const response = await answered;
    const json = await response.json();
    assert.equal(response.status(), 200, JSON.stringify(json));
    assert.equal(json.data.foreign_id, 'order-10042');
    assert.equal(json.data.amount, '49.90000000');
    assert.equal(json.data.currency, 'EUR');
    await operation.locator('.live-responses-table .response-col_status').first().waitFor();
    await page.getByText(/Signed POST \/api\/v2\/invoices\/create/).waitFor();

    const sent = seen.requests.find((r) => r.url === `${baseUrl}/api/v2/invoices/create`)!;
    assert.equal(sent.headers['x-processing-key'], org.merchant.key);
    const expected = crypto.createHmac('sha512', org.merchant.secret).update(sent.body).digest('hex');
    assert.equal(sent.headers['x-processing-signature'], expected);
    for (const r of seen.requests) {
      const all = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
      assert.ok(!all.includes(org.merchant.secret), `the secret went out with ${r.url}`);
    }
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(await seriousViolations(page), [], 'after a request');
    assert.equal(await scrollsHorizontally(page), false);
    await screenshot(page, 'docs-signed-request-375');

    // A wrong secret signs too, and the server refuses it in the vendor's format.
    await page.getByLabel('Merchant secret').fill('not-the-secret');
    const refused = page.waitForResponse((r) => r.url() === `${baseUrl}/api/v2/invoices/create`);
    await operation.getByRole('button', { name: 'Execute' }).click();
    assert.equal((await refused).status(), 403);
    await page.close();
  });
});
