// Internal approval before an offer goes live: policy, request, quorum per step, release, rejection.
import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { ADMIN_TOKEN, bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { approval, approve, organisationWithPolicy, putPolicy, reject } from './approval-support.js';
import { pub, tokenOf } from './recipient-support.js';
import { createOffer, getOffer, publish } from './support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);

const ESIGN = {
  name: 'Enterprise deal',
  acceptanceMode: 'esignature',
  recipients: [{ email: 'signer@example.com', firstName: 'Sam', lastName: 'Signer', role: 'sign' }],
  lineItems: [{ name: 'Licence', quantity: 10, unitAmountCents: 10000, currency: 'EUR', interval: '1M', priceType: 'per_unit' }],
};

async function activityTypes(t: Parameters<typeof getOffer>[0], token: string, id: string): Promise<string[]> {
  const res = await t.app.inject({ method: 'GET', url: `/api/offers/${id}/activities`, headers: bearer(token) });
  return json(res).data.map((a: { type: string }) => a.type);
}

async function outboxTopics(t: Parameters<typeof getOffer>[0], organisationId: string): Promise<string[]> {
  const { rows } = await t.db.query<{ topic: string }>('SELECT topic FROM outbox WHERE organisation_id = $1 ORDER BY id', [organisationId]);
  return rows.map((r) => r.topic);
}

describeEachEngine(
  'offer approval (happy paths)',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    it("a covered publish waits for approval; the approver's decision releases the offer for signing", async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Sales lead', approvers: ['Lead'] }] });
      const offer = await createOffer(ctx(), org.rep, ESIGN);

      const res = await publish(ctx(), org.rep, offer.id, { notifyRecipients: true, customMessage: 'Please sign' });
      assert.equal(res.statusCode, 200, res.body);
      const { outcome, requestId } = json(res);
      assert.equal(outcome, 'PENDING_APPROVAL');
      assert.match(requestId, /^[0-9a-f-]{36}$/);

      // Nothing is live yet: still open, unpublished, recipients not signing, their link shows nothing.
      const waiting = await getOffer(ctx(), org.rep, offer.id);
      assertMatchesSeed('Offer-OfferRead', waiting);
      assert.equal(waiting.status, 'open');
      assert.equal(waiting.publishedVersionHash, null);
      assert.equal(waiting.recipients[0].signingStatus, 'not_started');
      assert.equal((await pub(ctx(), 'GET', tokenOf(waiting.recipients[0].link))).statusCode, 404);
      assert.equal('approval' in waiting, false, 'the offer never embeds approval state');

      const seen = json(await approval(ctx(), org.rep, offer.id));
      assert.equal(seen.versionApprovalStatus, 'pending');
      assert.equal(seen.requiresApproval, true);
      assert.equal(seen.canCurrentUserDecide, false, 'the requester cannot decide');
      assert.equal(seen.request.id, requestId);
      assert.equal(seen.request.versionHash, offer.currentVersionHash);
      assert.deepEqual(seen.request.step, {
        order: 1,
        name: 'Sales lead',
        quorum: 1,
        approvers: [{ id: org.tokens.Lead!.id, label: 'Lead' }],
        users: [],
      });
      assert.deepEqual(seen.request.decisions, []);
      assert.equal(seen.request.requestedBy.name, null, 'the demo token has no label');
      assert.equal(seen.request.requestedAt, '2026-06-01T10:00:00+00:00');
      assert.equal(json(await approval(ctx(), org.tokens.Lead!.token, offer.id)).canCurrentUserDecide, true);

      clock.advance(60_000);
      const decided = await approve(ctx(), org.tokens.Lead!.token, offer.id, 'Fine by me');
      assert.equal(decided.statusCode, 200, decided.body);
      const after = json(decided);
      assert.equal(after.versionApprovalStatus, 'approved');
      assert.equal(after.canCurrentUserDecide, false);
      assert.deepEqual(after.request.decisions, [
        {
          account: { id: org.tokens.Lead!.id, label: 'Lead', kind: 'api_token' },
          decision: 'approved',
          step: 1,
          decidedAt: '2026-06-01T10:01:00+00:00',
          comment: 'Fine by me',
        },
      ]);
      assert.equal(after.request.decidedAt, '2026-06-01T10:01:00+00:00');

      const live = await getOffer(ctx(), org.rep, offer.id);
      assertMatchesSeed('Offer-OfferRead', live);
      assert.equal(live.status, 'signing');
      assert.equal(live.publishedVersionHash, offer.currentVersionHash);
      assert.equal(live.cachedContractValueCents, '1200000');
      assert.equal(live.recipients[0].signingStatus, 'pending');
      assert.equal((await pub(ctx(), 'GET', tokenOf(live.recipients[0].link))).statusCode, 200);

      assert.deepEqual(await activityTypes(ctx(), org.rep, offer.id), [
        'offer.created',
        'approval.requested',
        'approval.approved',
        'offer.published',
        'offer.signing_started',
        'recipient.viewed',
      ]);
      assert.deepEqual(await outboxTopics(ctx(), org.organisationId), [
        'offer.created',
        'offer.approval.requested',
        'offer.approval.approved',
        'offer.published',
        'offer.signing_started',
        'offer.recipient.viewed',
      ]);
      const { rows } = await ctx().db.query<{ payload: { data: { offerId: string; versionApprovalStatus: string } } }>(
        "SELECT payload FROM outbox WHERE organisation_id = $1 AND topic = 'offer.approval.approved'",
        [org.organisationId],
      );
      assert.equal(rows[0]!.payload.data.offerId, offer.id);
      assert.equal(rows[0]!.payload.data.versionApprovalStatus, 'approved');
    });

    it('walks the steps in order; a step needs its quorum', async () => {
      const org = await organisationWithPolicy(ctx(), {
        steps: [
          { name: 'Sales lead', approvers: ['Lead'] },
          { name: 'Finance', approvers: ['CFO', 'Controller'], quorum: 2 },
        ],
      });
      const offer = await createOffer(ctx(), org.rep, { ...ESIGN, acceptanceMode: 'click' });
      assert.equal(json(await publish(ctx(), org.rep, offer.id)).outcome, 'PENDING_APPROVAL');

      // Finance cannot jump the queue.
      assert.equal((await approve(ctx(), org.tokens.CFO!.token, offer.id)).statusCode, 403);
      assert.equal((await approve(ctx(), org.tokens.Lead!.token, offer.id)).statusCode, 200);
      let state = json(await approval(ctx(), org.rep, offer.id));
      assert.equal(state.versionApprovalStatus, 'pending');
      assert.deepEqual([state.request.step.order, state.request.step.name], [2, 'Finance']);

      assert.equal((await approve(ctx(), org.tokens.CFO!.token, offer.id)).statusCode, 200);
      state = json(await approval(ctx(), org.rep, offer.id));
      assert.equal(state.versionApprovalStatus, 'pending', 'one of two finance approvals');
      assert.equal((await getOffer(ctx(), org.rep, offer.id)).publishedVersionHash, null);

      const last = json(await approve(ctx(), org.tokens.Controller!.token, offer.id));
      assert.equal(last.versionApprovalStatus, 'approved');
      assert.deepEqual(
        last.request.decisions.map((d: { account: { label: string }; step: number }) => [d.account.label, d.step]),
        [
          ['Lead', 1],
          ['CFO', 2],
          ['Controller', 2],
        ],
      );
      const live = await getOffer(ctx(), org.rep, offer.id);
      assert.equal(live.status, 'open', 'a click offer stays open once live');
      assert.equal(live.publishedVersionHash, offer.currentVersionHash);
    });

    it('a rejection keeps the offer open; publishing again asks anew', async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Sales lead', approvers: ['Lead'] }] });
      const offer = await createOffer(ctx(), org.rep, ESIGN);
      const first = json(await publish(ctx(), org.rep, offer.id)).requestId;

      const res = await reject(ctx(), org.tokens.Lead!.token, offer.id, { comment: 'Discount too deep' });
      assert.equal(res.statusCode, 200, res.body);
      const rejected = json(res);
      assert.equal(rejected.versionApprovalStatus, 'rejected');
      assert.equal(rejected.request.decisions[0].decision, 'rejected');
      assert.equal(rejected.request.decisions[0].comment, 'Discount too deep');
      const stillOpen = await getOffer(ctx(), org.rep, offer.id);
      assert.equal(stillOpen.status, 'open');
      assert.equal(stillOpen.publishedVersionHash, null);
      assert.equal((await approve(ctx(), org.tokens.Lead!.token, offer.id)).statusCode, 409, 'a rejected request cannot be approved');

      const second = json(await publish(ctx(), org.rep, offer.id));
      assert.equal(second.outcome, 'PENDING_APPROVAL');
      assert.notEqual(second.requestId, first);
      assert.equal(json(await approval(ctx(), org.rep, offer.id)).versionApprovalStatus, 'pending');
      const { rows } = await ctx().db.query<{ topic: string }>(
        "SELECT topic FROM outbox WHERE organisation_id = $1 AND topic LIKE 'offer.approval.%' ORDER BY id",
        [org.organisationId],
      );
      assert.deepEqual(
        rows.map((r) => r.topic),
        ['offer.approval.requested', 'offer.approval.rejected', 'offer.approval.requested'],
      );
    });

    it('a content change or a new publish supersedes the pending request', async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Sales lead', approvers: ['Lead'] }] });
      const offer = await createOffer(ctx(), org.rep, ESIGN);
      await publish(ctx(), org.rep, offer.id);

      const edited = await ctx().app.inject({
        method: 'PUT',
        url: `/offers/${offer.id}`,
        headers: bearer(org.rep),
        payload: { name: 'Enterprise deal v2' },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      const state = json(await approval(ctx(), org.tokens.Lead!.token, offer.id));
      assert.equal(state.versionApprovalStatus, 'superseded');
      assert.equal(state.canCurrentUserDecide, false);
      assert.equal((await approve(ctx(), org.tokens.Lead!.token, offer.id)).statusCode, 409);
      assert.ok((await activityTypes(ctx(), org.rep, offer.id)).includes('approval.superseded'));

      // Publishing again asks for the new version; publishing once more replaces that request.
      const a = json(await publish(ctx(), org.rep, offer.id)).requestId;
      const b = json(await publish(ctx(), org.rep, offer.id)).requestId;
      assert.notEqual(a, b);
      const { rows } = await ctx().db.query<{ id: string; status: string }>(
        'SELECT id, status FROM offer_approval_requests WHERE offer_id = $1 ORDER BY seq',
        [offer.id],
      );
      assert.deepEqual(
        rows.map((r) => r.status),
        ['superseded', 'superseded', 'pending'],
      );
      assert.equal(rows.find((r) => r.status === 'pending')!.id, b);
      assert.equal((await approve(ctx(), org.tokens.Lead!.token, offer.id)).statusCode, 200);
      assert.equal((await getOffer(ctx(), org.rep, offer.id)).status, 'signing');
    });

    it('a threshold exempts smaller offers; without a policy every offer goes live at once', async () => {
      const org = await organisationWithPolicy(ctx(), {
        minContractValueCents: 1_000_000,
        steps: [{ name: 'Sales lead', approvers: ['Lead'] }],
      });
      const small = await createOffer(ctx(), org.rep, { ...ESIGN, lineItems: [{ ...ESIGN.lineItems[0], quantity: 1 }] }); // 120 000 cents a year
      assert.equal(json(await approval(ctx(), org.rep, small.id)).requiresApproval, false);
      assert.deepEqual(json(await publish(ctx(), org.rep, small.id)), { outcome: 'PUBLISHED', requestId: null });

      const large = await createOffer(ctx(), org.rep, ESIGN); // 1 200 000 cents a year
      assert.equal(json(await approval(ctx(), org.rep, large.id)).requiresApproval, true);
      assert.equal(json(await approval(ctx(), org.rep, large.id)).versionApprovalStatus, 'not_required', 'no request yet');
      assert.equal(json(await publish(ctx(), org.rep, large.id)).outcome, 'PENDING_APPROVAL');

      const policy = await ctx().app.inject({
        method: 'GET',
        url: `/admin/organisations/${org.organisationId}/approval-policy`,
        headers: bearer(ADMIN_TOKEN),
      });
      assert.equal(policy.statusCode, 200);
      assert.equal(json(policy).minContractValueCents, 1_000_000);
      const removed = await ctx().app.inject({
        method: 'DELETE',
        url: `/admin/organisations/${org.organisationId}/approval-policy`,
        headers: bearer(ADMIN_TOKEN),
      });
      assert.equal(removed.statusCode, 204);
      assert.equal(
        (
          await ctx().app.inject({
            method: 'GET',
            url: `/admin/organisations/${org.organisationId}/approval-policy`,
            headers: bearer(ADMIN_TOKEN),
          })
        ).statusCode,
        404,
      );

      // The pending request stays decidable; new publishes go live at once.
      assert.equal((await approve(ctx(), org.tokens.Lead!.token, large.id)).statusCode, 200);
      const another = await createOffer(ctx(), org.rep, ESIGN);
      assert.deepEqual(json(await publish(ctx(), org.rep, another.id)), { outcome: 'PUBLISHED', requestId: null });
    });

    it('the admin API shows the policy with approver labels and lists tokens without their secrets', async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: ' Finance ', approvers: ['CFO', 'Controller'], quorum: 2 }] });
      const res = await ctx().app.inject({
        method: 'GET',
        url: `/admin/organisations/${org.organisationId}/approval-policy`,
        headers: bearer(ADMIN_TOKEN),
      });
      const policy = json(res);
      assert.equal(policy.minContractValueCents, null);
      assert.deepEqual(policy.steps, [
        {
          order: 1,
          name: 'Finance',
          quorum: 2,
          approvers: [
            { id: org.tokens.CFO!.id, label: 'CFO', active: true },
            { id: org.tokens.Controller!.id, label: 'Controller', active: true },
          ],
          users: [],
        },
      ]);
      const tokens = json(
        await ctx().app.inject({
          method: 'GET',
          url: `/admin/organisations/${org.organisationId}/api-tokens`,
          headers: bearer(ADMIN_TOKEN),
        }),
      );
      assert.deepEqual(
        tokens.data.map((t: { label: string | null }) => t.label),
        [null, 'Lead', 'CFO', 'Controller'],
      );
      assert.equal(JSON.stringify(tokens).includes(org.tokens.CFO!.token), false, 'a token is shown once, at issue');
      assert.ok(tokens.data.every((t: { prefix: string; revokedAt: null }) => t.prefix.startsWith('api_') && t.revokedAt === null));

      // A renamed token shows its new label; a revoked one is marked inactive.
      const renamed = await ctx().app.inject({
        method: 'PATCH',
        url: `/admin/api-tokens/${org.tokens.CFO!.id}`,
        headers: bearer(ADMIN_TOKEN),
        payload: { label: 'Chief Financial Officer' },
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(json(renamed).label, 'Chief Financial Officer');
      await ctx().app.inject({ method: 'DELETE', url: `/admin/api-tokens/${org.tokens.Controller!.id}`, headers: bearer(ADMIN_TOKEN) });
      const after = json(
        await ctx().app.inject({
          method: 'GET',
          url: `/admin/organisations/${org.organisationId}/approval-policy`,
          headers: bearer(ADMIN_TOKEN),
        }),
      );
      assert.deepEqual(
        after.steps[0].approvers.map((a: { label: string; active: boolean }) => [a.label, a.active]),
        [
          ['Chief Financial Officer', true],
          ['Controller', false],
        ],
      );
      for (const bad of [{ label: 'x'.repeat(101) }, {}, { label: 'ok', extra: 1 }]) {
        const res = await ctx().app.inject({
          method: 'PATCH',
          url: `/admin/api-tokens/${org.tokens.CFO!.id}`,
          headers: bearer(ADMIN_TOKEN),
          payload: bad,
        });
        assert.equal(res.statusCode, 422, JSON.stringify(bad));
      }
      assert.equal(
        (
          await ctx().app.inject({
            method: 'PATCH',
            url: '/admin/api-tokens/00000000-0000-4000-8000-000000000000',
            headers: bearer(ADMIN_TOKEN),
            payload: { label: null },
          })
        ).statusCode,
        404,
      );
    });

    it('archiving the offer supersedes its pending request', async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Sales lead', approvers: ['Lead'] }] });
      const offer = await createOffer(ctx(), org.rep, ESIGN);
      await publish(ctx(), org.rep, offer.id);
      assert.equal(
        (await ctx().app.inject({ method: 'POST', url: `/offers/${offer.id}/archive`, headers: bearer(org.rep) })).statusCode,
        200,
      );
      assert.equal(json(await approval(ctx(), org.rep, offer.id)).versionApprovalStatus, 'superseded');
      assert.equal((await approve(ctx(), org.tokens.Lead!.token, offer.id)).statusCode, 409);
      const { rows } = await ctx().db.query<{ status: string }>('SELECT status FROM offer_approval_requests WHERE offer_id = $1', [
        offer.id,
      ]);
      assert.deepEqual(rows, [{ status: 'superseded' }]);
    });

    it('lists the requests waiting for a decision, and those the calling token may decide now', async () => {
      const org = await organisationWithPolicy(ctx(), {
        steps: [
          { name: 'Sales lead', approvers: ['Lead'] },
          { name: 'Finance', approvers: ['CFO'] },
        ],
      });
      const first = await createOffer(ctx(), org.rep, { ...ESIGN, name: 'First' });
      const second = await createOffer(ctx(), org.rep, { ...ESIGN, name: 'Second' });
      const third = await createOffer(ctx(), org.rep, { ...ESIGN, name: 'Third' });
      for (const o of [first, second, third]) await publish(ctx(), org.rep, o.id);
      await approve(ctx(), org.tokens.Lead!.token, second.id); // now at Finance
      await ctx().app.inject({ method: 'PUT', url: `/offers/${third.id}`, headers: bearer(org.rep), payload: { name: 'Third v2' } }); // superseded

      const list = (token: string, query = '') =>
        ctx().app.inject({ method: 'GET', url: `/api/approval-requests${query}`, headers: bearer(token) });
      const all = json(await list(org.rep));
      assert.deepEqual(
        all.data.map((r: { offer: { name: string }; step: { name: string } }) => [r.offer.name, r.step.name]),
        [
          ['Second', 'Finance'],
          ['First', 'Sales lead'],
        ],
      );
      assert.deepEqual(
        all.data.map((r: { canCurrentUserDecide: boolean }) => r.canCurrentUserDecide),
        [false, false],
        'the requester decides nothing',
      );
      assert.equal(all.data[1].offer.number, first.number);
      assert.equal(all.meta.pagination.totalItems, 2);

      const lead = json(await list(org.tokens.Lead!.token, '?decidableByMe=true'));
      assert.deepEqual(
        lead.data.map((r: { offer: { id: string }; canCurrentUserDecide: boolean }) => [r.offer.id, r.canCurrentUserDecide]),
        [[first.id, true]],
      );
      const cfo = json(await list(org.tokens.CFO!.token, '?decidableByMe=true'));
      assert.deepEqual(
        cfo.data.map((r: { offer: { id: string } }) => r.offer.id),
        [second.id],
      );
      assert.equal(json(await list(org.rep, '?decidableByMe=true')).meta.pagination.totalItems, 0);
      assert.deepEqual(
        json(await list(org.rep, '?limit=1&page=2')).data.map((r: { offer: { id: string } }) => r.offer.id),
        [first.id],
      );
      assert.equal((await list(org.rep, '?limit=101')).statusCode, 400);

      const other = await ctx().newOrganisation();
      assert.equal(json(await list(other.apiToken)).meta.pagination.totalItems, 0, 'another organisation sees none');
    });

    it('setting the policy again replaces it', async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Sales lead', approvers: ['Lead'] }] });
      const res = await putPolicy(ctx(), org.organisationId, {
        minContractValueCents: 5,
        steps: [{ name: 'CFO', approvers: [org.tokens.CFO!.id] }],
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        json(res).steps.map((s: { name: string }) => s.name),
        ['CFO'],
      );
      assert.equal(json(res).minContractValueCents, 5);
    });
  },
  { clock },
);
