// A listening server for the hosted invoice page's browser tests: PUBLIC_URL points at it, one sandbox
// merchant and one live merchant (a fake live EVM network, as test/invoices/page.live.test.ts sets it
// up), a clock that can be moved forward to run the invoice timers, and helpers to load a page in a
// language at a width and check it (screenshot, axe, horizontal scrolling).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { runDueInvoiceTimers } from '../../src/invoices/worker.js';
import { saveProfile } from '../../src/organisations/profile.js';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App, Deps } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, json } from './app.js';
import { seriousViolations, scrollsHorizontally } from './axe.js';
import { screenshot } from './browser.js';
import { freshDatabase } from './db.js';
import { goLive, useFakeLiveNetwork } from './live.js';
import { invoiceBody, merchantClient, type MerchantClient } from './merchant.js';

export const USDT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
const EVM_NETWORKS = JSON.stringify([
  {
    name: 'ethereum',
    rpcUrl: 'http://127.0.0.1:8545',
    chainId: 1,
    confirmations: 12,
    currencies: { ETH: { native: true, priceId: 'ethereum' }, USDTE: { contract: USDT, priceId: 'tether' } },
  },
]);

export const LANGS = { en: 'en-US,en;q=0.9', de: 'de-DE,de;q=0.9,en;q=0.5' } as const;
export type TestLang = keyof typeof LANGS;

export interface PageServer {
  app: App;
  deps: Deps;
  baseUrl: string;
  sandbox: MerchantClient;
  live: MerchantClient;
  liveOrganisationId: string;
  create(client: MerchantClient, overrides: Record<string, unknown>): Promise<Record<string, string>>;
  /** Moves the clock forward and runs the invoice timers that fall due. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export async function startPageServer(): Promise<PageServer> {
  const testDb = await freshDatabase('pglite');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let skew = 0;
  const config = loadConfig({
    ADMIN_TOKEN,
    PUBLIC_URL: baseUrl,
    DATA_DIR: '/nonexistent',
    LOG_LEVEL: 'silent',
    RATE_LIMITS: 'off',
    EVM_NETWORKS,
  });
  const deps: Deps = { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock: { now: () => new Date(Date.now() + skew) } };
  const network = useFakeLiveNetwork(deps);
  Object.assign(network, { decimals: (code: string) => (code === 'USDTE' ? 6 : null) });
  const app = await buildApp(deps, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  const shop = await createOrganisation(deps, { name: 'Teeladen' });
  await saveProfile(testDb.db, shop.organisation.id, { legalName: 'Teeladen Muster GmbH' });
  const liveOrg = await createOrganisation(deps, { name: 'Live Shop' });
  await goLive(app, liveOrg.organisation.id);
  return {
    app,
    deps,
    baseUrl,
    sandbox: merchantClient(app, shop.merchant),
    live: merchantClient(app, liveOrg.merchant),
    liveOrganisationId: liveOrg.organisation.id,
    create: async (client, overrides) => {
      const res = await client.post('/invoices/create', invoiceBody(overrides));
      assert.equal(res.statusCode, 200, res.body);
      return json(res).data;
    },
    advance: async (ms) => {
      skew += ms;
      await runDueInvoiceTimers({ ...deps });
    },
    close: async () => {
      await app.close();
      await testDb.close();
    },
  };
}

/** A context in a language: the shop's return URLs answered locally, nothing else leaves the server. */
export async function pageContext(browser: Browser, server: PageServer, lang: TestLang, clipboard = false): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: lang === 'de' ? 'de-DE' : 'en-US',
    extraHTTPHeaders: { 'accept-language': LANGS[lang] },
  });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('https://shop.example.com/')) return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Shop</h1>' });
    if (!url.startsWith(server.baseUrl)) return route.abort();
    return route.continue();
  });
  return context;
}

/** Collects page errors and console errors (a CSP refusal shows as one). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/**
 * Loads `url` in both languages at 375 and 1280 px: a screenshot each (test-output/invoice-<name>-<lang>-<width>.png),
 * no serious axe violation, no horizontal scrolling at 320 px; `expect` checks the page in each language.
 */
export async function checkEverywhere(
  browser: Browser,
  server: PageServer,
  url: string,
  name: string,
  expect: (page: Page, lang: TestLang) => Promise<void>,
  status = 200,
): Promise<void> {
  for (const lang of ['en', 'de'] as const) {
    const context = await pageContext(browser, server, lang);
    const page = await context.newPage();
    const errors = watchErrors(page);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const res = await page.goto(url);
      assert.equal(res?.status(), status, `${name} ${lang} ${width}`);
      await expect(page, lang);
      await screenshot(page, `invoice-${name}-${lang}-${width}`);
      assert.deepEqual(await seriousViolations(page), [], `axe: ${name} ${lang} ${width}`);
    }
    await page.setViewportSize({ width: 320, height: 800 });
    assert.equal(await scrollsHorizontally(page), false, `no horizontal scroll at 320 px: ${name} ${lang}`);
    assert.deepEqual(
      errors.filter((e) => !e.includes('404')),
      [],
      `no script or CSP error: ${name} ${lang}`,
    );
    await context.close();
  }
}
