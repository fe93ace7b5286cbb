// Approval policies that name people (issue 16): user ids beside token ids in the admin API, their
// validation, the read model's kinds, and people who may no longer decide counting as inactive.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADMIN_TOKEN, bearer, describeEachEngine, json, type TestApp } from '../helpers/app.js';
import { addUser, uniqueEmail } from '../console/support.js';
import { approval, approve, labelledToken, putPolicy } from './approval-support.js';
import { createOffer, getOffer, publish } from './support.js';

const DEAL = {
  name: 'People deal',
  recipients: [{ email: 'buyer@example.com', firstName: 'Bea', lastName: 'Buyer', role: 'sign' }],
  lineItems: [{ name: 'Licence', quantity: 2, unitAmountCents: 50000, currency: 'EUR', interval: '1M', priceType: 'per_unit' }],
};

async function people(t: TestApp) {
  const org = await t.newOrganisation('People AG');
  const id = org.organisation.id;
  const user = async (name: string, role: string) => (await addUser(t, id, { email: uniqueEmail(role), name, role })).user.id;
  return {
    id,
    rep: org.apiToken,
    owner: await user('Olga Owner', 'owner'),
    admin: await user('Adam Admin', 'admin'),
    approver: await user('Anna Approver', 'approver'),
    seller: await user('Sam Seller', 'seller'),
    viewer: await user('Vic Viewer', 'viewer'),
    lead: await labelledToken(t, id, 'Lead'),
  };
}

const getPolicy = async (t: TestApp, id: string) =>
  json(await t.app.inject({ method: 'GET', url: `/admin/organisations/${id}/approval-policy`, headers: bearer(ADMIN_TOKEN) }));

describeEachEngine('approval policies naming people', (ctx) => {
  it('names users beside tokens; the policy and the request show them with names and kinds', async () => {
    const org = await people(ctx());
    const res = await putPolicy(ctx(), org.id, {
      steps: [
        { name: 'Deal desk', approvers: [org.lead.id], users: [org.approver, org.admin], quorum: 2 },
        { name: 'Owner', users: [org.owner] },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json(res).steps, [
      {
        order: 1,
        name: 'Deal desk',
        quorum: 2,
        approvers: [{ id: org.lead.id, label: 'Lead', active: true }],
        users: [
          { id: org.approver, name: 'Anna Approver', active: true },
          { id: org.admin, name: 'Adam Admin', active: true },
        ],
      },
      { order: 2, name: 'Owner', quorum: 1, approvers: [], users: [{ id: org.owner, name: 'Olga Owner', active: true }] },
    ]);
    assert.deepEqual((await getPolicy(ctx(), org.id)).steps, json(res).steps);

    const offer = await createOffer(ctx(), org.rep, DEAL);
    assert.equal(json(await publish(ctx(), org.rep, offer.id)).outcome, 'PENDING_APPROVAL');
    const seen = json(await approval(ctx(), org.rep, offer.id));
    assert.deepEqual(seen.request.step, {
      order: 1,
      name: 'Deal desk',
      quorum: 2,
      approvers: [{ id: org.lead.id, label: 'Lead' }],
      users: [
        { id: org.approver, name: 'Anna Approver' },
        { id: org.admin, name: 'Adam Admin' },
      ],
    });
    assert.equal(seen.request.steps.length, 2);
    assert.equal(seen.request.requestedBy.kind, 'api_token');
    // The token approver still decides through the API; its decision is marked as a token's.
    const decided = json(await approve(ctx(), org.lead.token, offer.id, 'Token says yes'));
    assert.deepEqual(decided.request.decisions[0].account, { id: org.lead.id, label: 'Lead', kind: 'api_token' });
    assert.equal(decided.versionApprovalStatus, 'pending', 'a quorum of 2: one more needed');
    const listed = json(await ctx().app.inject({ method: 'GET', url: '/api/approval-requests', headers: bearer(org.rep) }));
    assert.deepEqual(listed.data[0].step.users, seen.request.step.users);
    assert.deepEqual(listed.data[0].requestedBy, { id: seen.request.requestedBy.id, name: null, kind: 'api_token' });
  });

  it('refuses users who may not decide, of another organisation or unknown, and steps without anyone', async () => {
    const org = await people(ctx());
    const other = await people(ctx());
    const res = await putPolicy(ctx(), org.id, {
      steps: [
        { name: 'A', users: [org.seller, org.viewer, other.approver, '00000000-0000-4000-8000-000000000000'] },
        { name: 'B', approvers: [], users: [] },
        { name: 'C', users: [org.approver], quorum: 2 },
        { name: 'D', approvers: [org.approver] },
      ],
    });
    assert.equal(res.statusCode, 422, res.body);
    assert.deepEqual(
      json(res).violations.map((v: { propertyPath: string }) => v.propertyPath),
      [
        'steps[0].users[0]',
        'steps[0].users[1]',
        'steps[0].users[2]',
        'steps[0].users[3]',
        'steps[1]',
        'steps[2].quorum',
        'steps[3].approvers[0]',
      ],
    );
    for (const body of [
      { steps: [{ name: 'A', users: ['nope'] }] },
      { steps: [{ name: 'A', users: [org.approver, org.approver] }] },
      { steps: [{ name: 'A', users: [org.approver], extra: 1 }] },
    ]) {
      const bad = await putPolicy(ctx(), org.id, body);
      assert.equal(bad.statusCode, 422, `${JSON.stringify(body)} → ${bad.body}`);
    }
    const none = await ctx().app.inject({
      method: 'GET',
      url: `/admin/organisations/${org.id}/approval-policy`,
      headers: bearer(ADMIN_TOKEN),
    });
    assert.equal(none.statusCode, 404, 'nothing was stored');
  });

  it('a removed or demoted user stops counting: inactive in the policy, and a step left without deciders refuses the publish', async () => {
    const org = await people(ctx());
    assert.equal((await putPolicy(ctx(), org.id, { steps: [{ name: 'People', users: [org.approver, org.admin] }] })).statusCode, 200);
    await ctx().db.query('DELETE FROM users WHERE id = $1', [org.approver]);
    await ctx().db.query("UPDATE users SET role = 'seller' WHERE id = $1", [org.admin]);
    assert.deepEqual((await getPolicy(ctx(), org.id)).steps[0].users, [
      { id: org.approver, name: 'Anna Approver', active: false },
      { id: org.admin, name: 'Adam Admin', active: false },
    ]);
    const offer = await createOffer(ctx(), org.rep, DEAL);
    const res = await publish(ctx(), org.rep, offer.id);
    assert.equal(res.statusCode, 422, res.body);
    assert.match(json(res).violations[0].message, /Step "People" needs 1 approval\(s\) but has 0 active approver\(s\)/);
    assert.equal((await getOffer(ctx(), org.rep, offer.id)).issuedAt, undefined, 'nothing went live');
  });
});
