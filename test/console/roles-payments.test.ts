// Each role's limits on the payments screens (table-driven: role × route → status), another
// organisation's invoice and callback answering 404, and the callback URL refused by the SSRF rules
// (this suite runs without ALLOW_PRIVATE_WEBHOOK_TARGETS, as production does).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { dispatchOutbox } from '../../src/webhooks/dispatcher.js';
import { describeEachEngine } from '../helpers/app.js';
import { merchantClient } from '../helpers/merchant.js';
import { setCallbackUrl } from '../webhooks/helpers.js';
import { cancelInvoice, createInvoice } from './payments-support.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

type Role = 'owner' | 'admin' | 'seller' | 'approver' | 'viewer';
const ROLES: Role[] = ['owner', 'admin', 'seller', 'approver', 'viewer'];

interface Fixture {
  invoiceId: number;
  deliveryId: string;
}

/** Expected status per role, in the order of ROLES. */
const ROUTES: { method: 'GET' | 'POST'; url: (f: Fixture) => string; fields?: Record<string, string>; expect: number[] }[] = [
  { method: 'GET', url: () => '/app/payments', expect: [200, 200, 200, 200, 200] },
  { method: 'GET', url: () => '/app/payments?status=failed&per_page=10', expect: [200, 200, 200, 200, 200] },
  { method: 'GET', url: () => '/app/payments?status=nope', expect: [400, 400, 400, 400, 400] },
  { method: 'GET', url: (f) => `/app/payments/invoices/${f.invoiceId}`, expect: [200, 200, 200, 200, 200] },
  {
    method: 'POST',
    url: (f) => `/app/payments/invoices/${f.invoiceId}/callbacks/${f.deliveryId}/resend`,
    expect: [303, 303, 403, 403, 403],
  },
  { method: 'GET', url: () => '/app/payments/balances', expect: [200, 200, 200, 200, 200] },
  { method: 'GET', url: () => '/app/payments/settings', expect: [200, 200, 403, 403, 403] },
  {
    method: 'POST',
    url: () => '/app/payments/settings',
    fields: { callback_url: 'https://shop.example/callbacks' },
    expect: [303, 303, 403, 403, 403],
  },
  { method: 'POST', url: () => '/app/payments/settings/network', fields: { mode: 'sandbox' }, expect: [303, 303, 403, 403, 403] },
];

describeEachEngine(
  'console payments roles',
  (ctx) => {
    let org: string;
    let fixture: Fixture;
    let other: Fixture;
    const deliveryOf = async (organisationId: string, invoiceId: number) => {
      const { rows } = await ctx().db.query<{ id: string }>(
        'SELECT id FROM webhook_deliveries WHERE organisation_id = $1 AND ordering_key = $2',
        [organisationId, `invoice:${invoiceId}`],
      );
      assert.equal(rows.length, 1);
      return rows[0]!.id;
    };
    const invoiceWithCallback = async (organisation: Awaited<ReturnType<ReturnType<typeof ctx>['newOrganisation']>>) => {
      // A public callback URL (never contacted: only the dispatcher runs, making the delivery).
      await setCallbackUrl(ctx(), organisation.organisation.id, 'https://shop.example/callbacks');
      const client = merchantClient(ctx().app, organisation.merchant);
      const invoiceId = await createInvoice(client, `roles-${invoiceCounter++}`);
      await cancelInvoice(client, `roles-${invoiceCounter - 1}`);
      await dispatchOutbox(ctx().deps);
      return { invoiceId, deliveryId: await deliveryOf(organisation.organisation.id, invoiceId) };
    };
    let invoiceCounter = 1;
    before(async () => {
      const created = await ctx().newOrganisation('Payments Roles AG');
      org = created.organisation.id;
      fixture = await invoiceWithCallback(created);
      other = await invoiceWithCallback(await ctx().newOrganisation('Other Payments Roles AG'));
    });

    for (const [index, role] of ROLES.entries()) {
      it(`${role}: every payments route answers as the table says`, async () => {
        const { app } = ctx();
        const email = uniqueEmail(role);
        await addUser(ctx(), org, { email, role });
        const { cookie } = await signIn(app, email);
        const csrf = await csrfOf(app, cookie, '/app/preferences');
        const results: string[] = [];
        const expected: string[] = [];
        for (const route of ROUTES) {
          const url = route.url(fixture);
          const response =
            route.method === 'GET'
              ? await app.inject({ method: 'GET', url, headers: { cookie } })
              : await post(app, url, { ...route.fields, _csrf: csrf }, cookie);
          results.push(`${route.method} ${url} → ${response.statusCode}`);
          expected.push(`${route.method} ${url} → ${route.expect[index]}`);
        }
        assert.deepEqual(results, expected);
      });
    }

    it("answers 404 for another organisation's invoice and callback, and leaves them untouched", async () => {
      const { app } = ctx();
      const email = uniqueEmail('owner-404');
      await addUser(ctx(), org, { email, role: 'owner' });
      const { cookie } = await signIn(app, email);
      const csrf = await csrfOf(app, cookie, '/app/payments');
      const status = async () =>
        (
          await ctx().db.query<{ status: string; next_attempt_at: Date | null }>(
            'SELECT status, next_attempt_at FROM webhook_deliveries WHERE id = $1',
            [other.deliveryId],
          )
        ).rows[0];
      const before = await status();
      assert.equal(
        (await app.inject({ method: 'GET', url: `/app/payments/invoices/${other.invoiceId}`, headers: { cookie } })).statusCode,
        404,
      );
      const resend = (invoiceId: number, deliveryId: string) =>
        post(app, `/app/payments/invoices/${invoiceId}/callbacks/${deliveryId}/resend`, { _csrf: csrf }, cookie);
      assert.equal((await resend(other.invoiceId, other.deliveryId)).statusCode, 404);
      assert.equal((await resend(fixture.invoiceId, other.deliveryId)).statusCode, 404, 'own invoice, other organisation’s callback');
      assert.deepEqual(await status(), before);
    });

    it('refuses a callback URL the SSRF rules refuse (private, metadata, localhost) and changes nothing', async () => {
      const { app } = ctx();
      const email = uniqueEmail('owner-ssrf');
      await addUser(ctx(), org, { email, role: 'owner' });
      const { cookie } = await signIn(app, email);
      const csrf = await csrfOf(app, cookie, '/app/payments/settings');
      const current = async () =>
        (await ctx().db.query<{ callback_url: string }>('SELECT callback_url FROM merchant_settings WHERE organisation_id = $1', [org]))
          .rows[0]!.callback_url;
      const before = await current();
      for (const bad of ['http://169.254.169.254/latest/meta-data', 'http://127.0.0.1:8080/cb', 'http://localhost/cb', 'http://[::1]/cb']) {
        const refused = await post(app, '/app/payments/settings', { callback_url: bad, _csrf: csrf }, cookie);
        assert.equal(refused.statusCode, 422, bad);
        assert.match(refused.body, /private or reserved address/);
        assert.equal(await current(), before, bad);
      }
    });
  },
  { env: { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'false' } },
);
