// The approvals inbox: who sees what, deciding with a comment as a named user (the offer goes live
// as through the API), rejection, four eyes, CSRF, tenant isolation, people who may no longer decide,
// and the policy screen that names them.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { approval, putPolicy } from '../offers/approval-support.js';
import { createOffer, getOffer, publish } from '../offers/support.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

const DEAL = {
  name: 'Inbox deal',
  acceptanceMode: 'esignature',
  recipients: [{ email: 'signer@example.com', firstName: 'Sam', lastName: 'Signer', role: 'sign' }],
  lineItems: [{ name: 'Licence', quantity: 10, unitAmountCents: 10000, currency: 'EUR', interval: '1M', priceType: 'per_unit' }],
};

describeEachEngine('console approvals inbox', (ctx) => {
  let org: string;
  let rep: string;
  const people: Record<string, { id: string; email: string; cookie: string; csrf: string }> = {};

  const person = async (key: string, name: string, role: string) => {
    const email = uniqueEmail(key);
    const id = (await addUser(ctx(), org, { email, name, role })).user.id;
    const cookie = (await signIn(ctx().app, email)).cookie;
    people[key] = { id, email, cookie, csrf: await csrfOf(ctx().app, cookie) };
    return people[key]!;
  };
  const inbox = (key: string, query = '') =>
    ctx().app.inject({ method: 'GET', url: `/app/approvals${query}`, headers: { cookie: people[key]!.cookie } });
  const decide = (key: string, requestId: string, decision: 'approve' | 'reject', comment = '', csrf = people[key]!.csrf) =>
    post(ctx().app, `/app/approvals/${requestId}/${decision}`, { comment, _csrf: csrf }, people[key]!.cookie);
  /** A seller publishes through the console; the request waits. */
  const pending = async (by = 'seller', body: Record<string, unknown> = DEAL) => {
    const offer = await createOffer(ctx(), rep, body);
    const res = await post(ctx().app, `/app/offers/${offer.id}/publish`, { _csrf: people[by]!.csrf }, people[by]!.cookie);
    assert.equal(res.headers.location, `/app/offers/${offer.id}?done=approval`, res.body);
    return { offer, requestId: json(await approval(ctx(), rep, offer.id)).request.id as string };
  };
  const status = async (offerId: string) => json(await approval(ctx(), rep, offerId)).versionApprovalStatus as string;

  before(async () => {
    const created = await ctx().newOrganisation('Inbox AG');
    org = created.organisation.id;
    rep = created.apiToken;
    await person('anna', 'Anna Approver', 'approver');
    await person('adam', 'Adam Admin', 'admin');
    await person('otto', 'Otto Outsider', 'approver');
    await person('seller', 'Sam Seller', 'seller');
    await person('viewer', 'Vic Viewer', 'viewer');
    const res = await putPolicy(ctx(), org, { steps: [{ name: 'Deal desk', users: [people.anna!.id, people.adam!.id] }] });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('lists a waiting request with its offer, who asked, the value and the step; approving with a comment makes the offer live', async () => {
    const { offer, requestId } = await pending();
    const page = await inbox('anna');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<a href="/app/offers/${offer.id}">[^<]*Inbox deal</a>`));
    assert.match(page.body, /Sam Seller/);
    assert.match(page.body, /€12,000\.00|12,000\.00/);
    assert.match(page.body, /1 of 1: Deal desk \(1 approval needed\)/);
    assert.match(page.body, /Anna Approver, Adam Admin/);
    assert.match(page.body, new RegExp(`action="/app/approvals/${requestId}/approve"`));
    assert.match(page.body, new RegExp(`formaction="/app/approvals/${requestId}/reject"`));

    const res = await decide('anna', requestId, 'approve', 'Margin is fine');
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/app/approvals?done=approved');
    const live = await getOffer(ctx(), rep, offer.id);
    assert.equal(live.status, 'signing', 'released exactly as the API approval does');
    assert.equal(live.publishedVersionHash, offer.currentVersionHash);
    const view = json(await approval(ctx(), rep, offer.id));
    assert.equal(view.versionApprovalStatus, 'approved');
    assert.deepEqual(view.request.decisions[0].account, { id: people.anna!.id, label: 'Anna Approver', kind: 'user' });
    assert.equal(view.request.decisions[0].comment, 'Margin is fine');
    assert.equal(view.request.requestedBy.kind, 'user');
    const activities = json(await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}/activities`, headers: bearer(rep) }));
    const approved = activities.data.find((a: { type: string }) => a.type === 'approval.approved');
    assert.deepEqual(approved.data.approver, { id: people.anna!.id, label: 'Anna Approver', kind: 'user' });
    assert.equal(approved.data.comment, 'Margin is fine');
    assert.deepEqual(activities.data.map((a: { type: string }) => a.type).slice(0, 5), [
      'offer.created',
      'approval.requested',
      'approval.approved',
      'offer.published',
      'offer.signing_started',
    ]);

    const after = await inbox('anna', '?done=approved');
    assert.match(after.body, /role="status">Approved\./);
    assert.doesNotMatch(after.body, new RegExp(`/app/approvals/${requestId}/approve`), 'no longer waiting');
    assert.match(after.body, /Anna Approver · approved · [^<]*: <q>Margin is fine<\/q>/, 'the history shows the decision');
  });

  it('rejects only with a comment; the offer stays open', async () => {
    const { offer, requestId } = await pending();
    const empty = await decide('adam', requestId, 'reject', '   ');
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /role="alert">That did not work: Give a reason to reject\./);
    assert.equal(await status(offer.id), 'pending', 'nothing changed');
    const long = await decide('adam', requestId, 'approve', 'x'.repeat(5001));
    assert.equal(long.statusCode, 400);
    assert.equal(await status(offer.id), 'pending');

    const res = await decide('adam', requestId, 'reject', 'Discount too deep');
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/app/approvals?done=rejected');
    const view = json(await approval(ctx(), rep, offer.id));
    assert.equal(view.versionApprovalStatus, 'rejected');
    assert.deepEqual([view.request.decisions[0].account.label, view.request.decisions[0].comment], ['Adam Admin', 'Discount too deep']);
    const still = await getOffer(ctx(), rep, offer.id);
    assert.equal(still.status, 'open');
    assert.equal(still.publishedVersionHash, null);
    const twice = await decide('anna', requestId, 'approve');
    assert.equal(twice.statusCode, 409, 'a rejected request cannot be approved');
    assert.match(twice.body, /only a pending request can be decided/);
  });

  it('keeps four eyes: the requester cannot decide their own request, even when named', async () => {
    const { offer, requestId } = await pending('adam');
    const page = await inbox('adam');
    assert.match(page.body, /You asked for this approval; someone else decides it/);
    assert.doesNotMatch(page.body, new RegExp(`action="/app/approvals/${requestId}/approve"`));
    const res = await decide('adam', requestId, 'approve', 'Me, myself');
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /The requester cannot decide on their own approval request\./);
    assert.equal(await status(offer.id), 'pending');
    assert.equal((await decide('anna', requestId, 'approve')).statusCode, 303, 'the other named person can');
    assert.equal(await status(offer.id), 'approved');
  });

  it('shows the inbox read-only to sellers, viewers and approvers the step does not name; their posts change nothing', async () => {
    const { offer, requestId } = await pending();
    for (const key of ['seller', 'viewer']) {
      const page = await inbox(key);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Your role may see approval requests but not decide them\./);
      assert.doesNotMatch(page.body, /<textarea/);
      assert.equal((await decide(key, requestId, 'approve')).statusCode, 403, key);
    }
    const otto = await inbox('otto');
    assert.match(otto.body, /You are not an approver of this step\./);
    const res = await decide('otto', requestId, 'approve');
    assert.equal(res.statusCode, 403);
    assert.match(
      res.body,
      /Only a named approver of step &quot;Deal desk&quot; may decide\.|Only a named approver of step "Deal desk" may decide\./,
    );
    assert.equal(await status(offer.id), 'pending');
  });

  it('refuses a post without the session’s CSRF token', async () => {
    const { offer, requestId } = await pending();
    for (const given of ['', 'forged']) assert.equal((await decide('anna', requestId, 'approve', 'ok', given)).statusCode, 403);
    assert.equal(await status(offer.id), 'pending');
  });

  it("answers 404 for another organisation's request and leaves it alone", async () => {
    const other = await ctx().newOrganisation('Elsewhere AG');
    const email = uniqueEmail('elsewhere');
    const approverId = (await addUser(ctx(), other.organisation.id, { email, role: 'approver' })).user.id;
    assert.equal((await putPolicy(ctx(), other.organisation.id, { steps: [{ name: 'X', users: [approverId] }] })).statusCode, 200);
    const offer = await createOffer(ctx(), other.apiToken, DEAL);
    const published = await publish(ctx(), other.apiToken, offer.id);
    assert.equal(json(published).outcome, 'PENDING_APPROVAL', published.body);
    const foreign = json(published).requestId as string;
    assert.equal((await decide('anna', foreign, 'approve')).statusCode, 404);
    assert.equal((await decide('adam', foreign, 'reject', 'no')).statusCode, 404);
    assert.equal((await decide('anna', 'not-a-uuid', 'approve')).statusCode, 404);
    assert.doesNotMatch((await inbox('anna')).body, new RegExp(foreign), 'not listed either');
    assert.equal(json(await approval(ctx(), other.apiToken, offer.id)).versionApprovalStatus, 'pending');
  });

  it('a removed approver cannot decide, nor one whose role no longer may', async () => {
    const extra = await person('extra', 'Eve Extra', 'approver');
    const demoted = await person('demoted', 'Dora Demoted', 'approver');
    assert.equal(
      (await putPolicy(ctx(), org, { steps: [{ name: 'Deal desk', users: [people.anna!.id, extra.id, demoted.id] }] })).statusCode,
      200,
    );
    const { offer, requestId } = await pending();
    // Adam (admin) removes Eve and makes Dora a viewer through the users screen.
    const removed = await post(ctx().app, `/app/organisation/users/${extra.id}/remove`, { _csrf: people.adam!.csrf }, people.adam!.cookie);
    assert.equal(removed.statusCode, 303, removed.body);
    const role = await post(
      ctx().app,
      `/app/organisation/users/${demoted.id}/role`,
      { role: 'viewer', _csrf: people.adam!.csrf },
      people.adam!.cookie,
    );
    assert.equal(role.statusCode, 303, role.body);
    const byRemoved = await decide('extra', requestId, 'approve');
    assert.equal(byRemoved.statusCode, 302, 'the removed user has no session any more');
    assert.match(String(byRemoved.headers.location), /^\/app\/login/);
    assert.equal((await decide('demoted', requestId, 'approve')).statusCode, 403);
    assert.equal(await status(offer.id), 'pending');
    const policy = json(
      await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${org}/approval-policy`, headers: bearer(ADMIN_TOKEN) }),
    );
    assert.deepEqual(
      policy.steps[0].users.map((u: { name: string; active: boolean }) => [u.name, u.active]),
      [
        ['Anna Approver', true],
        ['Eve Extra', false],
        ['Dora Demoted', false],
      ],
    );
    assert.equal(
      (await putPolicy(ctx(), org, { steps: [{ name: 'Deal desk', users: [people.anna!.id, people.adam!.id] }] })).statusCode,
      200,
    );
  });

  it('the policy screen names the people who approve; saving keeps token approvers and refuses bad input', async () => {
    const get = (key: string) =>
      ctx().app.inject({ method: 'GET', url: '/app/approvals/policy', headers: { cookie: people[key]!.cookie } });
    const page = await get('adam');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`name="step0.user.${people.anna!.id}" value="on" checked`));
    assert.match(page.body, new RegExp(`name="step0.user.${people.otto!.id}" value="on">`));
    assert.doesNotMatch(page.body, new RegExp(`step0.user.${people.seller!.id}`), 'a seller may not approve');
    const save = (fields: Record<string, string>) =>
      post(ctx().app, '/app/approvals/policy', { _csrf: people.adam!.csrf, ...fields }, people.adam!.cookie);
    const ok = await save({
      minContractValueCents: '500000',
      'step0.name': 'Deal desk',
      'step0.quorum': '1',
      [`step0.user.${people.otto!.id}`]: 'on',
      [`step0.user.${people.anna!.id}`]: 'on',
    });
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal(ok.headers.location, '/app/approvals/policy?saved=1');
    let policy = json(
      await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${org}/approval-policy`, headers: bearer(ADMIN_TOKEN) }),
    );
    assert.equal(policy.minContractValueCents, 500000);
    assert.deepEqual(policy.steps[0].users.map((u: { name: string }) => u.name).sort(), ['Anna Approver', 'Otto Outsider']);

    for (const [fields, code] of [
      [{ minContractValueCents: '-5', 'step0.name': 'X', 'step0.quorum': '1' }, 400],
      [{ 'step0.name': 'X', 'step0.quorum': 'zero' }, 400],
      [{ 'step0.name': 'X', 'step0.quorum': '3', [`step0.user.${people.anna!.id}`]: 'on' }, 422],
      [{ 'step0.name': 'X', 'step0.quorum': '1', [`step0.user.${people.seller!.id}`]: 'on' }, 422],
      [{ 'step0.name': 'X', 'step0.quorum': '1', 'step0.user.not-a-uuid': 'on' }, 422],
    ] as const) {
      const res = await save(fields);
      assert.equal(res.statusCode, code, `${JSON.stringify(fields)}: ${res.body.slice(0, 300)}`);
      assert.match(res.body, /role="alert"/);
    }
    policy = json(
      await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${org}/approval-policy`, headers: bearer(ADMIN_TOKEN) }),
    );
    assert.equal(policy.steps[0].name, 'Deal desk', 'the refusals changed nothing');
    assert.equal((await get('anna')).statusCode, 403, 'an approver may not change the policy');
    assert.equal(
      (await putPolicy(ctx(), org, { steps: [{ name: 'Deal desk', users: [people.anna!.id, people.adam!.id] }] })).statusCode,
      200,
    );
  });
});
