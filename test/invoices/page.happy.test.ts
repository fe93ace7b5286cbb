// The hosted invoice page through HTTP: render, pick a currency, sandbox payment, status, redirect target.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App, Deps } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, json, ManualClock } from '../helpers/app.js';
import { engines, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

for (const engine of engines) {
  describe(`hosted invoice page [${engine}]`, () => {
    let testDb: TestDatabase;
    let app: App;
    let client: MerchantClient;
    const clock = new ManualClock();

    before(async () => {
      testDb = await freshDatabase(engine);
      const config = loadConfig({ ADMIN_TOKEN, PUBLIC_URL: 'http://offerpay.test', DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
      const deps: Deps = { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock };
      app = await buildApp(deps, { logger: false });
      await app.ready();
      client = merchantClient(app, (await createOrganisation(deps, { name: 'Shop' })).merchant);
    });
    after(async () => {
      await app?.close();
      await testDb?.close();
    });

    const slugOf = (url: string) => new URL(url).pathname;

    it('renders the page with a strict CSP, currency choice and sandbox buttons', async () => {
      const { data } = json(
        await client.post('/invoices/create', invoiceBody({ foreign_id: 'page-1', title: 'Tea <b>& cakes</b>', timer: true })),
      );
      const res = await app.inject({ method: 'GET', url: slugOf(data.url) });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'; script-src 'nonce-/);
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.ok(res.body.includes('Tea &lt;b&gt;&amp; cakes&lt;/b&gt;'), 'title escaped');
      assert.ok(!res.body.includes('<b>&'));
      assert.ok(res.body.includes('data-currency="BTC"'));
      assert.ok(res.body.includes('Simulate full payment'));
      assert.ok(!/https?:\/\/(?!offerpay\.test)/.test(res.body.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')), 'no third-party hosts');
    });

    it('picking a currency fixes the rate, shows address and QR code; status JSON polls', async () => {
      const { data } = json(await client.post('/invoices/info', { foreign_id: 'page-1' }));
      const base = slugOf(data.url);
      const picked = await app.inject({ method: 'POST', url: `${base}/currency`, payload: { currency: 'BTC' } });
      assert.equal(picked.statusCode, 200, picked.body);
      assert.equal(json(picked).status, 'pending');
      assert.match(json(picked).address, /^tb1q/);
      const page = await app.inject({ method: 'GET', url: base });
      assert.ok(page.body.includes('<svg'), 'QR code');
      assert.ok(page.body.includes(json(picked).address));
      const again = await app.inject({ method: 'POST', url: `${base}/currency`, payload: { currency: 'ETH' } });
      assert.equal(again.statusCode, 400);
    });

    it('sandbox buttons: partial payment, full payment, confirmations → redirect to url_success', async () => {
      const { data } = json(await client.post('/invoices/info', { foreign_id: 'page-1' }));
      const base = slugOf(data.url);
      const partial = json(await app.inject({ method: 'POST', url: `${base}/sandbox/payments`, payload: { partial: true } }));
      assert.equal(partial.status, 'pending');
      assert.notEqual(partial.paid, '0.00000000');
      const full = json(await app.inject({ method: 'POST', url: `${base}/sandbox/payments`, payload: {} }));
      assert.equal(full.status, 'processing');
      assert.equal(full.remaining, '0.00000000');
      const done = json(await app.inject({ method: 'POST', url: `${base}/sandbox/confirmations`, payload: {} }));
      assert.equal(done.status, 'confirmed');
      assert.equal(done.redirect_url, 'https://shop.example.com/ok');
      const status = json(await app.inject({ method: 'GET', url: `${base}/status` }));
      assert.equal(status.redirect_url, 'https://shop.example.com/ok');
    });

    it('a cancelled invoice sends the payer to url_failed', async () => {
      const { data } = json(await client.post('/invoices/create', invoiceBody({ foreign_id: 'page-2' })));
      await client.post('/invoices/page-2/cancel/', {});
      const status = json(await app.inject({ method: 'GET', url: `${slugOf(data.url)}/status` }));
      assert.equal(status.status, 'failed');
      assert.equal(status.redirect_url, 'https://shop.example.com/failed');
    });

    it('an unknown slug is a 404 page', async () => {
      const res = await app.inject({ method: 'GET', url: '/invoice/nope' });
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Invoice not found/);
      assert.equal((await app.inject({ method: 'GET', url: '/invoice/nope/status' })).statusCode, 404);
    });

    it("a body the page routes cannot take is a 4xx in the page's JSON shape, never a 500", async () => {
      const { data } = json(await client.post('/invoices/create', invoiceBody({ foreign_id: 'page-bad-body' })));
      const base = slugOf(data.url);
      const cases = [
        { headers: { 'content-type': 'text/plain' }, payload: 'currency=BTC', status: 400 },
        { headers: { 'content-type': 'application/json' }, payload: '{"currency":', status: 400 },
        { headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ currency: 'x'.repeat(2_000_000) }), status: 413 },
      ];
      for (const c of cases) {
        const res = await app.inject({ method: 'POST', url: `${base}/currency`, headers: c.headers, payload: c.payload });
        assert.equal(res.statusCode, c.status, res.body);
        assert.equal(typeof json(res).error, 'string');
      }
    });
  });
}
