// Each role's limits on the approvals screens (role × route → status), and another organisation's
// request answering 404. None of these posts changes a request: the decisions fail validation or
// name no request, and the policy saved is the one already there.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { putPolicy } from '../offers/approval-support.js';
import { createOffer, publish } from '../offers/support.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

type Role = 'owner' | 'admin' | 'seller' | 'approver' | 'viewer';
const ROLES: Role[] = ['owner', 'admin', 'seller', 'approver', 'viewer'];
const NO_SUCH = '00000000-0000-4000-8000-000000000000';

interface Fixture {
  requestId: string;
  foreignId: string;
  deciderId: string;
}

/** Expected status per role, in the order of ROLES. */
const ROUTES: { method: 'GET' | 'POST'; url: (f: Fixture) => string; fields?: (f: Fixture) => Record<string, string>; expect: number[] }[] =
  [
    { method: 'GET', url: () => '/app/approvals', expect: [200, 200, 200, 200, 200] },
    { method: 'GET', url: () => '/app/approvals?done=approved', expect: [200, 200, 200, 200, 200] },
    { method: 'GET', url: () => '/app/approvals?waitingPage=2&decidedPage=3&limit=1', expect: [200, 200, 200, 200, 200] },
    // Deciders reach the use case: a reject without a comment is refused before anything changes.
    {
      method: 'POST',
      url: (f) => `/app/approvals/${f.requestId}/reject`,
      fields: () => ({ comment: '' }),
      expect: [400, 400, 403, 400, 403],
    },
    { method: 'POST', url: () => `/app/approvals/${NO_SUCH}/approve`, expect: [404, 404, 403, 404, 403] },
    { method: 'POST', url: (f) => `/app/approvals/${f.foreignId}/approve`, expect: [404, 404, 403, 404, 403] },
    {
      method: 'POST',
      url: (f) => `/app/approvals/${f.foreignId}/reject`,
      fields: () => ({ comment: 'no' }),
      expect: [404, 404, 403, 404, 403],
    },
    { method: 'GET', url: () => '/app/approvals/policy', expect: [200, 200, 403, 403, 403] },
    {
      method: 'POST',
      url: () => '/app/approvals/policy',
      fields: (f) => ({ 'step0.name': 'Desk', 'step0.quorum': '1', [`step0.user.${f.deciderId}`]: 'on' }),
      expect: [303, 303, 403, 403, 403],
    },
    // The step buttons show the form again (nothing saved) to the roles that may manage, and to no one else.
    ...['add', 'up:1', 'remove:0'].map((op) => ({
      method: 'POST' as const,
      url: () => '/app/approvals/policy',
      fields: (f: Fixture) => ({ _op: op, steps: '2', 'step0.name': 'Desk', 'step0.quorum': '1', [`step0.user.${f.deciderId}`]: 'on' }),
      expect: [200, 200, 403, 403, 403],
    })),
  ];

describeEachEngine('console approvals roles', (ctx) => {
  let org: string;
  const fixture = {} as Fixture;
  before(async () => {
    const created = await ctx().newOrganisation('Approval Roles AG');
    org = created.organisation.id;
    fixture.deciderId = (await addUser(ctx(), org, { email: uniqueEmail('decider'), role: 'approver' })).user.id;
    assert.equal((await putPolicy(ctx(), org, { steps: [{ name: 'Desk', users: [fixture.deciderId] }] })).statusCode, 200);
    const offer = await createOffer(ctx(), created.apiToken, {
      name: 'Roles deal',
      recipients: [{ email: 'b@example.com', role: 'sign' }],
    });
    fixture.requestId = json(await publish(ctx(), created.apiToken, offer.id)).requestId;
    assert.ok(fixture.requestId);

    const other = await ctx().newOrganisation('Other Approvals AG');
    const otherDecider = (await addUser(ctx(), other.organisation.id, { email: uniqueEmail('other'), role: 'approver' })).user.id;
    assert.equal((await putPolicy(ctx(), other.organisation.id, { steps: [{ name: 'X', users: [otherDecider] }] })).statusCode, 200);
    const foreignOffer = await createOffer(ctx(), other.apiToken, {
      name: 'Foreign',
      recipients: [{ email: 'c@example.com', role: 'sign' }],
    });
    fixture.foreignId = json(await publish(ctx(), other.apiToken, foreignOffer.id)).requestId;
    assert.ok(fixture.foreignId);
  });

  for (const [index, role] of ROLES.entries()) {
    it(`${role}: every approvals route answers as the table says`, async () => {
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
            : await post(app, url, { ...route.fields?.(fixture), _csrf: csrf }, cookie);
        results.push(`${route.method} ${url} → ${response.statusCode}`);
        expected.push(`${route.method} ${url} → ${route.expect[index]}`);
      }
      assert.deepEqual(results, expected);
    });
  }

  it('keeps the policy as saved: no step button saved anything, and the refused roles changed nothing', async () => {
    const policy = json(
      await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${org}/approval-policy`, headers: bearer(ADMIN_TOKEN) }),
    );
    assert.deepEqual(
      policy.steps.map((s: { name: string; users: { id: string }[] }) => [s.name, s.users.map((u) => u.id)]),
      [['Desk', [fixture.deciderId]]],
    );
  });

  it('leaves both requests pending', async () => {
    const { rows } = await ctx().db.query<{ status: string }>('SELECT status FROM offer_approval_requests WHERE id = ANY($1::uuid[])', [
      [fixture.requestId, fixture.foreignId],
    ]);
    assert.deepEqual(
      rows.map((r) => r.status),
      ['pending', 'pending'],
    );
  });
});
