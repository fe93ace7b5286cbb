// Throttling (issue 13, item 5): a per-address request limit on each surface, answered with 429 and
// Retry-After in the surface's own error format; a lock-out after failed authentication, per client
// address and per presented credential, that refuses even a right credential until its window ends,
// shared by replicas on one PostgreSQL; and RATE_LIMITS=off turning all of it off.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer, createTestApp, json, type TestApp } from '../helpers/app.js';
import { engines } from '../helpers/db.js';
import { merchantClient } from '../helpers/merchant.js';

const SMALL_LIMITS = {
  RATE_LIMITS: 'on',
  RATE_LIMIT_ADMIN: '3',
  RATE_LIMIT_OFFERS: '3',
  RATE_LIMIT_MERCHANT: '3',
  RATE_LIMIT_PUBLIC: '3',
};

function assertThrottled(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 429, res.body);
  assert.match(String(res.headers['retry-after']), /^[1-9]\d*$/);
  assert.ok(res.headers['x-request-id']);
}

function assertProblem429(res: LightMyRequestResponse): void {
  assertThrottled(res);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = json(res);
  assert.equal(body.status, 429);
  assert.equal(body.type, '/problems/too-many-requests');
  assert.equal(body.requestId, res.headers['x-request-id']);
}

const from = (remoteAddress: string) => ({ remoteAddress });

for (const engine of engines) {
  describe(`per-surface request limits [${engine}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { env: SMALL_LIMITS });
    });
    after(() => t.close());

    it('Offers API: the 4th request in the window from one address is a 429 problem; another address and /healthz are not limited', async () => {
      const org = await t.newOrganisation();
      const get = (address: string) => t.app.inject({ method: 'GET', url: '/offers', headers: bearer(org.apiToken), ...from(address) });
      for (let i = 0; i < 3; i++) assert.equal((await get('10.0.0.1')).statusCode, 200);
      assertProblem429(await get('10.0.0.1'));
      assert.equal((await get('10.0.0.2')).statusCode, 200);
      for (let i = 0; i < 5; i++) {
        assert.equal((await t.app.inject({ method: 'GET', url: '/healthz', ...from('10.0.0.1') })).statusCode, 200);
        assert.equal((await t.app.inject({ method: 'GET', url: '/readyz', ...from('10.0.0.1') })).statusCode, 200);
      }
    });

    it('admin API: a 429 problem with Retry-After, counted apart from the Offers API', async () => {
      const get = () => t.app.inject({ method: 'GET', url: '/admin/organisations', headers: bearer(ADMIN_TOKEN), ...from('10.0.1.1') });
      for (let i = 0; i < 3; i++) assert.equal((await get()).statusCode, 200);
      assertProblem429(await get());
    });

    it("Merchant API: the vendor's {error, code} shape with Retry-After", async () => {
      const org = await t.newOrganisation();
      const client = merchantClient(t.app, org.merchant);
      const post = () => client.post('/accounts/list', {});
      for (let i = 0; i < 3; i++) assert.equal((await post()).statusCode, 200);
      const res = await post();
      assertThrottled(res);
      assert.deepEqual(Object.keys(json(res)).sort(), ['code', 'error']);
      assert.equal(json(res).code, 'too_many_requests');
    });

    it('public pages: an HTML page for the recipient page, a problem document for the JSON side', async () => {
      const page = () => t.app.inject({ method: 'GET', url: '/o/no-such-link-token', ...from('10.0.2.1') });
      for (let i = 0; i < 3; i++) assert.equal((await page()).statusCode, 404);
      const res = await page();
      assertThrottled(res);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /Too many requests/);
      const api = await t.app.inject({ method: 'GET', url: '/public/offers/no-such-link-token', ...from('10.0.2.1') });
      assertProblem429(api);
    });
  });

  describe(`lock-out after failed authentication [${engine}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { env: { RATE_LIMITS: 'on', AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_SECONDS: '2' } });
    });
    after(() => t.close());

    it('per address: after 3 wrong admin tokens the right one is refused with a 429 until the window passes', async () => {
      const admin = (token: string, address: string) =>
        t.app.inject({ method: 'GET', url: '/admin/organisations', headers: bearer(token), ...from(address) });
      for (let i = 0; i < 3; i++) assert.equal((await admin(`wrong-admin-token-${i}-xxxxxx`, '10.1.0.1')).statusCode, 401);
      assertProblem429(await admin(ADMIN_TOKEN, '10.1.0.1'));
      // Another address with the right token is not affected.
      assert.equal((await admin(ADMIN_TOKEN, '10.1.0.2')).statusCode, 200);
      await new Promise((r) => setTimeout(r, 2100));
      assert.equal((await admin(ADMIN_TOKEN, '10.1.0.1')).statusCode, 200);
    });

    it('per credential: an API token guessed wrong from 3 addresses is refused from a 4th; other tokens are not', async () => {
      const org = await t.newOrganisation();
      const wrong = `${org.apiToken.slice(0, -4)}zzzz`;
      const get = (token: string, address: string) =>
        t.app.inject({ method: 'GET', url: '/offers', headers: bearer(token), ...from(address) });
      for (let i = 0; i < 3; i++) assert.equal((await get(wrong, `10.2.0.${i + 1}`)).statusCode, 401);
      assertProblem429(await get(wrong, '10.2.0.9'));
      assert.equal((await get(org.apiToken, '10.2.0.9')).statusCode, 200);
    });

    it('per credential: a merchant key with 3 wrong signatures is locked, a right signature included, in the vendor shape', async () => {
      const org = await t.newOrganisation();
      const client = merchantClient(t.app, org.merchant);
      const send = (address: string, signature?: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v2/accounts/list',
          payload: '{}',
          headers: {
            'content-type': 'application/json',
            'x-processing-key': org.merchant.key,
            'x-processing-signature': signature ?? 'ab'.repeat(64),
          },
          ...from(address),
        });
      for (let i = 0; i < 3; i++) assert.equal((await send(`10.3.0.${i + 1}`)).statusCode, 403);
      const locked = await client.post('/accounts/list', {});
      assertThrottled(locked);
      assert.equal(json(locked).code, 'too_many_requests');
      await new Promise((r) => setTimeout(r, 2100));
      assert.equal((await client.post('/accounts/list', {})).statusCode, 200);
    });
  });

  describe(`RATE_LIMITS=off [${engine}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { env: { RATE_LIMITS: 'off', RATE_LIMIT_OFFERS: '1', AUTH_FAILURE_LIMIT: '1' } });
    });
    after(() => t.close());

    it('never throttles: past the limits and after failed authentications, requests are answered', async () => {
      const org = await t.newOrganisation();
      for (let i = 0; i < 5; i++) {
        assert.equal((await t.app.inject({ method: 'GET', url: '/offers', headers: bearer('api_wrong') })).statusCode, 401);
      }
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: 'GET', url: '/offers', headers: bearer(org.apiToken) });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['retry-after'], undefined);
      }
    });
  });
}

if (engines.includes('postgres')) {
  describe('lock-out shared by two replicas on one PostgreSQL', () => {
    let a: TestApp;
    let b: App;
    before(async () => {
      a = await createTestApp('postgres', { env: { RATE_LIMITS: 'on', AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_SECONDS: '60' } });
      // A second replica: its own process memory, the same database.
      b = await buildApp(a.deps, { logger: false });
      await b.ready();
    });
    after(async () => {
      await b.close();
      await a.close();
    });

    it('failures counted on either replica add up, and the lock-out holds on both', async () => {
      const admin = (app: App, token: string) =>
        app.inject({ method: 'GET', url: '/admin/organisations', headers: bearer(token), remoteAddress: '10.9.0.1' });
      assert.equal((await admin(a.app, 'wrong-admin-token-a1-xxxxxx')).statusCode, 401);
      assert.equal((await admin(a.app, 'wrong-admin-token-a2-xxxxxx')).statusCode, 401);
      assert.equal((await admin(b, 'wrong-admin-token-b1-xxxxxx')).statusCode, 401);
      // b counted the third failure: it refuses at once.
      assertProblem429(await admin(b, ADMIN_TOKEN));
      // a learns of the lock-out from the database within its next sync (once a second).
      let res = await admin(a.app, ADMIN_TOKEN);
      for (let i = 0; i < 50 && res.statusCode !== 429; i++) {
        await new Promise((r) => setTimeout(r, 100));
        res = await admin(a.app, ADMIN_TOKEN);
      }
      assertProblem429(res);
    });
  });
}
