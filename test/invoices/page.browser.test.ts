// A payer pays a sandbox invoice through the hosted page in real Chromium.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App, Deps } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, json } from '../helpers/app.js';
import { browserSkip, launchChromium, screenshot } from '../helpers/browser.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

describe('hosted invoice page in Chromium', { skip: browserSkip }, () => {
  let testDb: TestDatabase;
  let app: App;
  let browser: Browser;
  let client: MerchantClient;
  let baseUrl: string;

  before(async () => {
    testDb = await freshDatabase('pglite');
    // Listen first to learn the port, so PUBLIC_URL (and the invoice url) points at this server.
    const probe = await import('node:net').then(
      (net) =>
        new Promise<number>((resolve) => {
          const s = net.createServer().listen(0, '127.0.0.1', () => {
            const port = (s.address() as { port: number }).port;
            s.close(() => resolve(port));
          });
        }),
    );
    baseUrl = `http://127.0.0.1:${probe}`;
    const config = loadConfig({ ADMIN_TOKEN, PUBLIC_URL: baseUrl, DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
    const deps: Deps = { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock: { now: () => new Date() } };
    app = await buildApp(deps, { logger: false });
    await app.listen({ port: probe, host: '127.0.0.1' });
    client = merchantClient(app, (await createOrganisation(deps, { name: 'Shop' })).merchant);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await testDb?.close();
  });

  it('pick BTC, simulate payment and confirmations, land on url_success', async () => {
    const { data } = json(await client.post('/invoices/create', invoiceBody({ foreign_id: 'browser-1', timer: true })));
    assert.ok(data.url.startsWith(baseUrl));
    const page = await browser.newPage();
    const external: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('https://shop.example.com/'))
        return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Thanks</h1>' });
      if (!url.startsWith(baseUrl)) external.push(url);
      return route.continue();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await page.goto(data.url);
    await page.getByRole('button', { name: /BTC/ }).click();
    await page.waitForSelector('.qr svg');
    assert.match((await page.textContent('#address')) ?? '', /^tb1q/);
    assert.match((await page.textContent('#countdown')) ?? '', /Time left: \d+:\d\d/);
    const shot = await screenshot(page, 'invoice-page-currency-picked');
    assert.ok(fs.statSync(shot).size > 1000);
    await page.getByRole('button', { name: 'Simulate full payment' }).click();
    await page.waitForSelector('#status.processing');
    await page.getByRole('button', { name: 'Simulate confirmations' }).click();
    await page.waitForURL('https://shop.example.com/ok', { timeout: 15_000 });
    assert.deepEqual(errors, []);
    assert.deepEqual(external, []);
    const info = json(await client.post('/invoices/info', { foreign_id: 'browser-1' })).data;
    assert.equal(info.status, 'confirmed');
  });
});
