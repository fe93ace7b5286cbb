// Each role on the webhooks, profile and organisation-switch routes (role × route → status, in the
// style of roles.test.ts), and another organisation's endpoint answering 404 for every role that may act.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

type Role = 'owner' | 'admin' | 'seller' | 'approver' | 'viewer';
const ROLES: Role[] = ['owner', 'admin', 'seller', 'approver', 'viewer'];

interface Fixture {
  endpointId: string;
  deliveryId: string;
}

const HOOK = { url: 'http://127.0.0.1:9/hook', 'event.offer.created': 'on' };

/** Expected status per role, in the order of ROLES. */
const ROUTES: { method: 'GET' | 'POST'; url: (f: Fixture) => string; fields?: Record<string, string>; expect: number[] }[] = [
  { method: 'GET', url: () => '/app/webhooks', expect: [200, 200, 403, 403, 403] },
  { method: 'POST', url: () => '/app/webhooks', fields: HOOK, expect: [201, 201, 403, 403, 403] },
  { method: 'GET', url: (f) => `/app/webhooks/${f.endpointId}`, expect: [200, 200, 403, 403, 403] },
  { method: 'GET', url: (f) => `/app/webhooks/${f.endpointId}?page=2`, expect: [200, 200, 403, 403, 403] },
  { method: 'POST', url: (f) => `/app/webhooks/${f.endpointId}`, fields: HOOK, expect: [303, 303, 403, 403, 403] },
  { method: 'POST', url: (f) => `/app/webhooks/${f.endpointId}/disable`, expect: [303, 303, 403, 403, 403] },
  { method: 'POST', url: (f) => `/app/webhooks/${f.endpointId}/enable`, expect: [303, 303, 403, 403, 403] },
  { method: 'POST', url: (f) => `/app/webhooks/${f.endpointId}/rotate-secret`, expect: [200, 200, 403, 403, 403] },
  {
    method: 'POST',
    url: (f) => `/app/webhooks/${f.endpointId}/deliveries/${f.deliveryId}/redeliver`,
    expect: [303, 303, 403, 403, 403],
  },
  { method: 'GET', url: () => '/app/organisation/profile', expect: [200, 200, 403, 403, 403] },
  { method: 'POST', url: () => '/app/organisation/profile', fields: { legalName: 'Roles GmbH' }, expect: [303, 303, 403, 403, 403] },
  { method: 'POST', url: () => '/app/organisation/profile/logo/remove', expect: [303, 303, 403, 403, 403] },
  // Every role may look for its other organisations (the password decides; one account: nothing to choose).
  {
    method: 'POST',
    url: () => '/app/preferences/switch-organisation',
    fields: { password: 'violet-Kestrel-Harbour-42' },
    expect: [200, 200, 200, 200, 200],
  },
  { method: 'POST', url: (f) => `/app/webhooks/${f.endpointId}/delete`, expect: [303, 303, 403, 403, 403] },
];

describeEachEngine('console roles: webhooks and profile', (ctx) => {
  let org: string;
  let apiToken: string;
  let otherEndpointId: string;

  /** An endpoint with one failed delivery (its target refuses connections), so "send again" applies. */
  const fixture = async (): Promise<Fixture> => {
    const created = await ctx().app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: bearer(apiToken),
      payload: { url: 'http://127.0.0.1:9/hook', events: ['offer.created'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const endpointId = json(created).id as string;
    const deliveryId = crypto.randomUUID();
    await ctx().db.query(
      `INSERT INTO webhook_deliveries (id, organisation_id, event_id, topic, target_kind, target_key, endpoint_id, body, seq, status, created_at, updated_at)
       VALUES ($1, $2, $3, 'offer.created', 'endpoint', $4::text, $4::uuid, '{}', 1, 'failed', now(), now())`,
      [deliveryId, org, `evt-${deliveryId}`, endpointId],
    );
    return { endpointId, deliveryId };
  };

  before(async () => {
    const created = await ctx().newOrganisation('Roles Hooks AG');
    org = created.organisation.id;
    apiToken = created.apiToken;
    const other = await ctx().newOrganisation('Other Roles AG');
    const hook = await ctx().app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: bearer(other.apiToken),
      payload: { url: 'http://127.0.0.1:9/other', events: ['offer.created'] },
    });
    otherEndpointId = json(hook).id;
  });

  for (const [index, role] of ROLES.entries()) {
    it(`${role}: every webhooks and profile route answers as the table says`, async () => {
      const { app } = ctx();
      const email = uniqueEmail(role);
      await addUser(ctx(), org, { email, role });
      const results: string[] = [];
      const expected: string[] = [];
      // One endpoint per role (an organisation has at most 20); its deletion comes last in the table.
      const target = await fixture();
      for (const route of ROUTES) {
        const { cookie } = await signIn(app, email);
        const url = route.url(target);
        const response =
          route.method === 'GET'
            ? await app.inject({ method: 'GET', url, headers: { cookie } })
            : await post(app, url, { ...route.fields, _csrf: await csrfOf(app, cookie, '/app/preferences') }, cookie);
        results.push(`${route.method} ${url} → ${response.statusCode}`);
        expected.push(`${route.method} ${url} → ${route.expect[index]}`);
      }
      assert.deepEqual(results, expected);
    });
  }

  it("answers 404 for another organisation's endpoint to owners and admins, and leaves it alone", async () => {
    const { app } = ctx();
    for (const role of ['owner', 'admin'] as const) {
      const email = uniqueEmail(`${role}-404`);
      await addUser(ctx(), org, { email, role });
      const { cookie } = await signIn(app, email);
      const csrf = await csrfOf(app, cookie, '/app/preferences');
      assert.equal((await app.inject({ method: 'GET', url: `/app/webhooks/${otherEndpointId}`, headers: { cookie } })).statusCode, 404);
      for (const action of ['', '/disable', '/rotate-secret', '/delete'])
        assert.equal((await post(app, `/app/webhooks/${otherEndpointId}${action}`, { ...HOOK, _csrf: csrf }, cookie)).statusCode, 404);
    }
    const { rows } = await ctx().db.query<{ url: string; enabled: boolean }>('SELECT url, enabled FROM webhook_endpoints WHERE id = $1', [
      otherEndpointId,
    ]);
    assert.deepEqual(rows, [{ url: 'http://127.0.0.1:9/other', enabled: true }]);
  });
});
