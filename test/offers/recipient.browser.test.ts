// A recipient in real Chromium: opens the link, signs (e-signature, drawn with the mouse) or accepts
// (click mode, on a phone-sized screen), gives the invoice details and lands on the confirmation.
// The seller then sees everything through the Offers API. Screenshots go to test-output/.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App, Deps } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer, json, tempDataDir } from '../helpers/app.js';
import { browserSkip, launchChromium, screenshot } from '../helpers/browser.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('recipient page in Chromium', { skip: browserSkip }, () => {
  let testDb: TestDatabase;
  let app: App;
  let browser: Browser;
  let baseUrl: string;
  let apiToken: string;
  const dataDir = tempDataDir();

  before(async () => {
    testDb = await freshDatabase('pglite');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({ ADMIN_TOKEN, PUBLIC_URL: baseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const deps: Deps = { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock: { now: () => new Date() } };
    app = await buildApp(deps, { logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    apiToken = (await createOrganisation(deps, { name: 'Seller' })).apiToken;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await testDb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function offerLink(body: Record<string, unknown>): Promise<{ id: string; link: string }> {
    const created = await app.inject({
      method: 'POST',
      url: '/offers',
      headers: bearer(apiToken),
      payload: {
        name: 'Website-Relaunch für Müller & Söhne',
        sections: ['Wir freuen uns über Ihr Interesse.'],
        lineItems: [{ name: 'Hosting', quantity: 2, unitAmountCents: 4999, currency: 'EUR', interval: '1M', priceType: 'per_unit' }],
        ...body,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const offer = json(created);
    assert.equal(
      (await app.inject({ method: 'POST', url: `/api/offers/${offer.id}/publish`, headers: bearer(apiToken), payload: {} })).statusCode,
      200,
    );
    return { id: offer.id, link: offer.recipients[0].link };
  }

  async function watch(page: Page) {
    const external: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) => {
      if (!route.request().url().startsWith(baseUrl)) external.push(route.request().url());
      return route.continue();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    return { external, errors };
  }

  async function fillInvoiceDetails(page: Page, labels: Record<string, string>) {
    // Inputs only: a loose label match would also find the step indicator's nav ("Fortschritt" holds "Ort").
    for (const [label, value] of Object.entries(labels))
      await page
        .locator('input')
        .and(page.getByLabel(label, { exact: false }))
        .first()
        .fill(value);
  }

  it('e-signature: open the link, draw and sign, give invoice details, see the confirmation', async () => {
    const { id, link } = await offerLink({
      acceptanceMode: 'esignature',
      locale: 'en',
      recipients: [{ email: 'anna@example.com', firstName: 'Anna', lastName: 'Muster', role: 'sign' }],
    });
    assert.ok(link.startsWith(`${baseUrl}/o/`));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const seen = await watch(page);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Sign electronically' }).waitFor();
    assert.equal(await page.getByLabel('Full name').inputValue(), 'Anna Muster');
    // Submitting without drawing is refused on the page.
    await page.getByLabel(/I agree to sign/).check();
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    assert.equal(await page.textContent('#pad-message'), 'Please sign first.');
    const pad = (await page.locator('#pad').boundingBox())!;
    await page.mouse.move(pad.x + 30, pad.y + 100);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(pad.x + 30 + i * 15, pad.y + 100 + Math.sin(i / 2) * 40);
    await page.mouse.up();
    await screenshot(page, 'recipient-esignature-signing');
    await Promise.all([page.waitForURL(/\?done=[a-z]+$/), page.getByRole('button', { name: 'Sign', exact: true }).click()]);

    await page.getByRole('heading', { name: 'Invoice details' }).waitFor();
    await fillInvoiceDetails(page, {
      Company: 'Müller & Söhne GmbH',
      'Street and number': 'Hauptstraße 1',
      'Postal code': '10115',
      City: 'Berlin',
      'Country (ISO code': 'DE',
      'Billing e-mail': 'billing@mueller.example',
      'VAT ID': 'DE123456789',
      'PO number': 'PO-4711',
      'Leitweg-ID': '04011000-1234512345-06',
    });
    await page.setInputFiles('#purchaseOrder', {
      name: 'po.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% purchase order\n%%EOF\n'),
    });
    await Promise.all([page.waitForURL(/\?done=[a-z]+$/), page.getByRole('button', { name: 'Send invoice details' }).click()]);
    await page.locator('#confirmation').waitFor();
    assert.match((await page.textContent('#confirmation')) ?? '', /accepted and signed/);
    await screenshot(page, 'recipient-esignature-confirmation');

    // The signed PDF downloads from the page.
    const signedHref = await page.getByRole('link', { name: 'Signed document (PDF)' }).getAttribute('href');
    const pdf = await page.request.get(signedHref!);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.external, []);

    const seller = json(await app.inject({ method: 'GET', url: `/api/offers/${id}`, headers: bearer(apiToken) }));
    assert.equal(seller.status, 'signed');
    assert.equal(seller.recipients[0].signingStatus, 'signed');
    assert.equal(seller.capturedInvoiceDetails.poNumber, 'PO-4711');
    assert.ok(seller.signedDocument && seller.auditLogDocument && seller.purchaseOrderDocument && seller.subscription);
  });

  it('click mode on a phone: accept, give invoice details, see the confirmation (German)', async () => {
    const { id, link } = await offerLink({ locale: 'de', recipients: [{ email: 'jo@example.com', firstName: 'Jo', role: 'sign' }] });
    const page = await browser.newPage({ viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true });
    const seen = await watch(page);
    await page.goto(link);
    assert.ok(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), 'no horizontal scrolling on a phone');
    await page.getByLabel('Ich nehme dieses Angebot verbindlich an.').check();
    await Promise.all([page.waitForURL(/\?done=[a-z]+$/), page.getByRole('button', { name: 'Angebot annehmen' }).click()]);
    await fillInvoiceDetails(page, {
      Firma: 'Beispiel AG',
      'Straße und Hausnummer': 'Ringstraße 5',
      PLZ: '80331',
      Ort: 'München',
      'Land (ISO-Code': 'DE',
      'E-Mail für Rechnungen': 'rechnung@beispiel.example',
    });
    // Keyboard only: focus the submit button and press Enter.
    await page.getByRole('button', { name: 'Rechnungsdaten senden' }).focus();
    await Promise.all([page.waitForURL(/\?done=[a-z]+$/), page.keyboard.press('Enter')]);
    await page.locator('#confirmation').waitFor();
    assert.match((await page.textContent('#confirmation')) ?? '', /angenommen und unterzeichnet/);
    assert.ok(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'));
    await screenshot(page, 'recipient-click-phone-confirmation');
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.external, []);
    const seller = json(await app.inject({ method: 'GET', url: `/api/offers/${id}`, headers: bearer(apiToken) }));
    assert.equal(seller.status, 'signed');
  });
});
