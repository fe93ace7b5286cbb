// The API tokens screen in real Chromium at phone size: create a token through the form, see it
// once, copy it with the button (the copy script runs under the page's nonce CSP), and the screen
// has no serious axe violation and no sideways scroll.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createOrganisation } from '../../src/organisations/service.js';
import type { App, Deps } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer, tempDataDir } from '../helpers/app.js';
import { scrollsHorizontally, seriousViolations } from '../helpers/axe.js';
import { browserSkip, launchChromium, screenshot } from '../helpers/browser.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { PASSWORD } from './support.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('console API tokens in Chromium', { skip: browserSkip }, () => {
  let testDb: TestDatabase;
  let app: App;
  let browser: Browser;
  let baseUrl: string;
  const dataDir = tempDataDir();
  const email = 'admin@tokens.example';

  before(async () => {
    testDb = await freshDatabase('pglite');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({ ADMIN_TOKEN, PUBLIC_URL: baseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMITS: 'off' });
    const deps: Deps = { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock: { now: () => new Date() } };
    app = await buildApp(deps, { logger: false });
    await app.listen({ port, host: '127.0.0.1' });
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
    await app?.close();
    await testDb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
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
