// Each role's limits on every console route (table-driven: role × route → status), and another
// organisation's ids answering 404.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { createOffer } from '../offers/support.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

type Role = 'owner' | 'admin' | 'seller' | 'approver' | 'viewer';
const ROLES: Role[] = ['owner', 'admin', 'seller', 'approver', 'viewer'];

interface Fixture {
  offerId: string;
  targetId: string;
  tokenId: string;
}

/** Expected status per role, in the order of ROLES. */
const ROUTES: { method: 'GET' | 'POST'; url: (f: Fixture) => string; fields?: Record<string, string>; expect: number[] }[] = [
  { method: 'GET', url: () => '/app', expect: [302, 302, 302, 302, 302] },
  { method: 'GET', url: () => '/app/offers', expect: [200, 200, 200, 200, 200] },
  { method: 'GET', url: () => '/app/offers?status=open&sort=name&dir=asc', expect: [200, 200, 200, 200, 200] },
  { method: 'GET', url: (f) => `/app/offers/${f.offerId}`, expect: [200, 200, 200, 200, 200] },
  // The fixture offer has no recipients: writers reach the use case and get its refusal, nothing changes.
  { method: 'POST', url: (f) => `/app/offers/${f.offerId}/publish`, expect: [422, 422, 422, 403, 403] },
  { method: 'POST', url: (f) => `/app/offers/${f.offerId}/cancel-signing`, expect: [409, 409, 409, 403, 403] },
  { method: 'GET', url: () => '/app/approvals', expect: [200, 200, 200, 200, 200] },
  { method: 'GET', url: () => '/app/templates', expect: [200, 200, 200, 200, 200] },
  { method: 'GET', url: () => '/app/payments', expect: [200, 200, 200, 200, 200] },
  // /app/webhooks: test/console/roles-webhooks.test.ts (owner and admin only).
  { method: 'GET', url: () => '/app/preferences', expect: [200, 200, 200, 200, 200] },
  { method: 'POST', url: () => '/app/preferences', fields: { locale: 'en' }, expect: [303, 303, 303, 303, 303] },
  { method: 'GET', url: () => '/app/organisation', expect: [200, 200, 403, 403, 403] },
  { method: 'GET', url: () => '/app/organisation/users', expect: [200, 200, 403, 403, 403] },
  {
    method: 'POST',
    url: () => '/app/organisation/users',
    fields: { email: 'placeholder', name: 'Invited Person', role: 'viewer' },
    expect: [201, 201, 403, 403, 403],
  },
  {
    method: 'POST',
    url: (f) => `/app/organisation/users/${f.targetId}/role`,
    fields: { role: 'approver' },
    expect: [303, 303, 403, 403, 403],
  },
  { method: 'POST', url: (f) => `/app/organisation/users/${f.targetId}/remove`, expect: [303, 303, 403, 403, 403] },
  { method: 'GET', url: () => '/app/organisation/tokens', expect: [200, 200, 403, 403, 403] },
  {
    method: 'POST',
    url: () => '/app/organisation/tokens',
    fields: { label: 'Roles table', 'scope.offer:read': 'on' },
    expect: [201, 201, 403, 403, 403],
  },
  { method: 'POST', url: (f) => `/app/organisation/tokens/${f.tokenId}/rotate`, expect: [201, 201, 403, 403, 403] },
  { method: 'POST', url: (f) => `/app/organisation/tokens/${f.tokenId}/revoke`, expect: [303, 303, 403, 403, 403] },
  { method: 'POST', url: () => '/app/organisation/merchant-key/rotate', expect: [201, 201, 403, 403, 403] },
  { method: 'GET', url: () => '/app/login', expect: [302, 302, 302, 302, 302] },
  { method: 'POST', url: () => '/app/logout-everywhere', expect: [303, 303, 303, 303, 303] },
];

describeEachEngine('console roles', (ctx) => {
  const issueToken = async (organisationId: string) => {
    const response = await ctx().app.inject({
      method: 'POST',
      url: `/admin/organisations/${organisationId}/api-tokens`,
      headers: bearer(ADMIN_TOKEN),
      payload: { label: 'Fixture', scopes: ['offer:read'] },
    });
    assert.equal(response.statusCode, 201, response.body);
    return json<{ id: string; token: string }>(response);
  };
  let org: string;
  let offerId: string;
  let otherOfferId: string;
  let otherUserId: string;
  before(async () => {
    const created = await ctx().newOrganisation('Roles AG');
    org = created.organisation.id;
    offerId = (await createOffer(ctx(), created.apiToken)).id;
    const other = await ctx().newOrganisation('Other AG');
    otherOfferId = (await createOffer(ctx(), other.apiToken)).id;
    otherUserId = (await addUser(ctx(), other.organisation.id, { email: uniqueEmail('other'), role: 'viewer' })).user.id;
  });

  for (const [index, role] of ROLES.entries()) {
    it(`${role}: every console route answers as the table says`, async () => {
      const { app } = ctx();
      const email = uniqueEmail(role);
      await addUser(ctx(), org, { email, role });
      const results: string[] = [];
      const expected: string[] = [];
      for (const route of ROUTES) {
        // A fresh session each time (sign-out everywhere ends it) and a fresh target user.
        const { cookie } = await signIn(app, email);
        const targetId = (await addUser(ctx(), org, { email: uniqueEmail('target'), role: 'viewer' })).user.id;
        const tokenId = (await issueToken(org)).id;
        const url = route.url({ offerId, targetId, tokenId });
        const response =
          route.method === 'GET'
            ? await app.inject({ method: 'GET', url, headers: { cookie } })
            : await post(
                app,
                url,
                {
                  ...route.fields,
                  ...(route.fields?.email ? { email: uniqueEmail('invited') } : {}),
                  _csrf: await csrfOf(app, cookie, '/app/preferences'),
                },
                cookie,
              );
        results.push(`${route.method} ${url} → ${response.statusCode}`);
        expected.push(`${route.method} ${url} → ${route.expect[index]}`);
      }
      assert.deepEqual(results, expected);
    });
  }

  it("answers 404 for another organisation's offer, document and user, for every role that may act", async () => {
    const { app } = ctx();
    const email = uniqueEmail('owner-404');
    await addUser(ctx(), org, { email, role: 'owner' });
    const { cookie } = await signIn(app, email);
    const csrf = await csrfOf(app, cookie);
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
    assert.equal((await get(`/app/offers/${otherOfferId}`)).statusCode, 404);
    assert.equal((await get(`/app/offers/${otherOfferId}/documents/${otherOfferId}`)).statusCode, 404);
    assert.equal((await get('/app/offers/not-a-uuid')).statusCode, 404);
    assert.equal((await post(app, `/app/organisation/users/${otherUserId}/role`, { role: 'owner', _csrf: csrf }, cookie)).statusCode, 404);
    assert.equal((await post(app, `/app/organisation/users/${otherUserId}/remove`, { _csrf: csrf }, cookie)).statusCode, 404);
    assert.equal((await post(app, '/app/organisation/users/not-a-uuid/remove', { _csrf: csrf }, cookie)).statusCode, 404);
    const { rows } = await ctx().db.query<{ role: string }>('SELECT role FROM users WHERE id = $1', [otherUserId]);
    assert.deepEqual(rows, [{ role: 'viewer' }], 'the other organisation’s user is untouched');
    const page = await get(`/app/offers/${offerId}`);
    assert.equal(page.statusCode, 200);
  });

  it('keeps the last owner: no removal or demotion of it, and an admin cannot touch owners', async () => {
    const { app } = ctx();
    const solo = await ctx().newOrganisation('Solo GmbH');
    const ownerEmail = uniqueEmail('solo-owner');
    const adminEmail = uniqueEmail('solo-admin');
    const owner = (await addUser(ctx(), solo.organisation.id, { email: ownerEmail, role: 'owner' })).user;
    await addUser(ctx(), solo.organisation.id, { email: adminEmail, role: 'admin' });
    const admin = (await signIn(app, adminEmail)).cookie;
    const adminCsrf = await csrfOf(app, admin);
    const byAdmin = await post(app, `/app/organisation/users/${owner.id}/remove`, { _csrf: adminCsrf }, admin);
    assert.equal(byAdmin.statusCode, 403);
    const promote = await post(
      app,
      '/app/organisation/users',
      { email: uniqueEmail(), name: 'New Owner', role: 'owner', _csrf: adminCsrf },
      admin,
    );
    assert.equal(promote.statusCode, 403);

    const second = (await addUser(ctx(), solo.organisation.id, { email: uniqueEmail('second'), role: 'owner' })).user;
    const me = (await signIn(app, ownerEmail)).cookie;
    const csrf = await csrfOf(app, me);
    assert.equal((await post(app, `/app/organisation/users/${second.id}/remove`, { _csrf: csrf }, me)).statusCode, 303);
    // Now the only owner left: another owner session cannot demote or remove it.
    const third = (await addUser(ctx(), solo.organisation.id, { email: uniqueEmail('third'), role: 'owner' })).user;
    assert.equal((await post(app, `/app/organisation/users/${third.id}/role`, { role: 'viewer', _csrf: csrf }, me)).statusCode, 303);
    const demoteLast = await post(app, `/app/organisation/users/${owner.id}/role`, { role: 'viewer', _csrf: csrf }, me);
    // The owner's own row has no form, but a forged post is refused too.
    assert.equal(demoteLast.statusCode, 409);
    assert.match(demoteLast.body, /at least one owner/);
    const { rows } = await ctx().db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM users WHERE organisation_id = $1 AND role = 'owner'",
      [solo.organisation.id],
    );
    assert.equal(rows[0]!.n, 1);
  });
});
