// The detail page's publish, cancel-signing and archive buttons: plain POST forms through the
// offers use cases, with the result (or the refusal, in words) shown on the page.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachEngine, json } from '../helpers/app.js';
import { approval, organisationWithPolicy } from '../offers/approval-support.js';
import { createOffer, getOffer, signingOffer } from '../offers/support.js';
import { addUser, csrfIn, csrfOf, post, signIn, uniqueEmail, signedInOrganisation } from './support.js';

const withRecipient = {
  name: 'Console deal',
  recipients: [{ email: 'buyer@example.com', firstName: 'Bea', lastName: 'Buyer', role: 'sign' }],
};

describeEachEngine('console offer actions', (ctx) => {
  let org: string;
  let token: string;
  let cookie: string;
  let csrf: string;
  before(async () => {
    ({ org, token, cookie, csrf } = await signedInOrganisation(ctx(), 'Actions AG'));
  });
  const page = (id: string, c = cookie, query = '') =>
    ctx().app.inject({ method: 'GET', url: `/app/offers/${id}${query}`, headers: { cookie: c } });
  const act = (id: string, action: string, c = cookie, token_ = csrf) =>
    post(ctx().app, `/app/offers/${id}/${action}`, { _csrf: token_ }, c);

  it('publishes an open offer: a button on the page, then a redirect to the page saying so', async () => {
    const offer = await createOffer(ctx(), token, withRecipient);
    const before = await page(offer.id);
    assert.match(before.body, new RegExp(`action="/app/offers/${offer.id}/publish"`));
    assert.match(before.body, new RegExp(`action="/app/offers/${offer.id}/archive"`));
    assert.doesNotMatch(before.body, /cancel-signing"/, 'an open offer has no signing to cancel');
    const res = await act(offer.id, 'publish');
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/app/offers/${offer.id}?done=published`);
    const after = await page(offer.id, cookie, '?done=published');
    assert.match(after.body, /role="status">The offer is published\./);
    assert.equal((await getOffer(ctx(), token, offer.id)).issuedAt !== undefined, true);
  });

  it('cancels signing, then archives; an archived offer offers no action', async () => {
    const offer = await signingOffer(ctx(), token);
    assert.match((await page(offer.id)).body, /cancel-signing"/);
    const cancelled = await act(offer.id, 'cancel-signing');
    assert.equal(cancelled.statusCode, 303, cancelled.body);
    assert.equal(cancelled.headers.location, `/app/offers/${offer.id}?done=cancelled`);
    assert.equal((await getOffer(ctx(), token, offer.id)).status, 'open');
    const archived = await act(offer.id, 'archive');
    assert.equal(archived.statusCode, 303, archived.body);
    assert.equal((await getOffer(ctx(), token, offer.id)).status, 'archived');
    assert.equal(archived.headers.location, `/app/offers/${offer.id}?done=archived`);
    const after = await page(offer.id, cookie, '?done=archived');
    assert.match(after.body, /The offer is archived\./);
    assert.doesNotMatch(after.body, /h-actions/, 'no action section for an archived offer');
  });

  it('shows a use-case refusal in words on the page and changes nothing', async () => {
    const offer = await createOffer(ctx(), token, { name: 'Nobody to send to' });
    const res = await act(offer.id, 'publish');
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.body, /role="alert">That did not work: .*Publish to at least one recipient\./);
    assert.equal((await getOffer(ctx(), token, offer.id)).issuedAt, undefined);
    const twice = await act((await createOffer(ctx(), token)).id, 'cancel-signing');
    assert.equal(twice.statusCode, 409, twice.body);
    assert.match(twice.body, /not in a signing state/);
  });

  it('says "approval requested" when the organisation’s policy asks for approval', async () => {
    const approvers = await organisationWithPolicy(ctx(), { steps: [{ name: 'Lead', approvers: ['Lead'] }] });
    const email = uniqueEmail('policy-seller');
    const userId = (await addUser(ctx(), approvers.organisationId, { email, name: 'Policy Seller', role: 'seller' })).user.id;
    const own = (await signIn(ctx().app, email)).cookie;
    const offer = await createOffer(ctx(), approvers.rep, withRecipient);
    const res = await act(offer.id, 'publish', own, await csrfOf(ctx().app, own));
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/app/offers/${offer.id}?done=approval`);
    assert.match((await page(offer.id, own, '?done=approval')).body, /Approval requested/);
    assert.equal((await getOffer(ctx(), approvers.rep, offer.id)).issuedAt, undefined);
    const pending = await approval(ctx(), approvers.tokens.Lead!.token, offer.id);
    assert.equal(pending.statusCode, 200, pending.body);
    assert.equal(json(pending).versionApprovalStatus, 'pending');
    assert.deepEqual(
      json(pending).request.requestedBy,
      { id: userId, name: 'Policy Seller', kind: 'user' },
      'the request names the console user',
    );
  });

  it('refuses a post without the session’s CSRF token', async () => {
    const offer = await createOffer(ctx(), token, withRecipient);
    for (const given of ['', 'forged']) {
      const res = await act(offer.id, 'archive', cookie, given);
      assert.equal(res.statusCode, 403);
    }
    assert.equal((await getOffer(ctx(), token, offer.id)).status, 'open');
  });

  it('gives viewers and approvers no buttons and a 403 on the post', async () => {
    const offer = await createOffer(ctx(), token, withRecipient);
    for (const role of ['viewer', 'approver']) {
      const email = uniqueEmail(role);
      await addUser(ctx(), org, { email, role });
      const c = (await signIn(ctx().app, email)).cookie;
      const html = (await page(offer.id, c)).body;
      assert.doesNotMatch(html, /h-actions|\/publish"/, `${role} sees no action`);
      for (const action of ['publish', 'archive', 'cancel-signing']) {
        assert.equal((await act(offer.id, action, c, csrfIn(html))).statusCode, 403, `${role} ${action}`);
      }
    }
    assert.equal((await getOffer(ctx(), token, offer.id)).status, 'open');
  });

  it("answers 404 for another organisation's offer and leaves it alone", async () => {
    const other = await ctx().newOrganisation('Elsewhere AG');
    const offer = await createOffer(ctx(), other.apiToken, withRecipient);
    for (const action of ['publish', 'archive', 'cancel-signing']) assert.equal((await act(offer.id, action)).statusCode, 404);
    assert.equal((await act('not-a-uuid', 'publish')).statusCode, 404);
    const untouched = await getOffer(ctx(), other.apiToken, offer.id);
    assert.equal(untouched.status, 'open');
    assert.equal(untouched.issuedAt, undefined);
  });
});
