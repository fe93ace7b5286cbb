// Approval errors: who may decide, bad bodies, bad policies, races — each changes nothing.
import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { ADMIN_TOKEN, bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { approval, approve, labelledToken, organisationWithPolicy, putPolicy, reject } from './approval-support.js';
import { createOffer, getOffer, publish } from './support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);
const OFFER = {
  name: 'Deal',
  acceptanceMode: 'esignature',
  recipients: [{ email: 'signer@example.com', role: 'sign' }],
};

describeEachEngine(
  'offer approval (errors)',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    async function pendingOffer(steps = [{ name: 'Sales lead', approvers: ['Lead', 'CFO'] }]) {
      const org = await organisationWithPolicy(ctx(), { steps });
      const offer = await createOffer(ctx(), org.rep, OFFER);
      assert.equal(json(await publish(ctx(), org.rep, offer.id)).outcome, 'PENDING_APPROVAL');
      return { org, offer };
    }

    async function unchanged(org: { rep: string }, offerId: string) {
      const state = json(await approval(ctx(), org.rep, offerId));
      assert.equal(state.versionApprovalStatus, 'pending');
      assert.deepEqual(state.request.decisions, []);
      assert.equal((await getOffer(ctx(), org.rep, offerId)).publishedVersionHash, null);
    }

    it('only a named approver may decide, never the requester (403)', async () => {
      const { org, offer } = await pendingOffer();
      const outsider = await labelledToken(ctx(), org.organisationId, 'Intern');
      for (const [token, message] of [
        [outsider.token, 'Only a named approver of step "Sales lead" may decide.'],
        [org.rep, 'Only a named approver of step "Sales lead" may decide.'],
      ] as const) {
        for (const res of [await approve(ctx(), token, offer.id), await reject(ctx(), token, offer.id)]) {
          assert.equal(res.statusCode, 403, res.body);
          assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
          assert.equal(json(res).detail, message);
        }
      }
      await unchanged(org, offer.id);
    });

    it('a requester who is also an approver still cannot decide their own request', async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Sales lead', approvers: ['Lead', 'CFO'] }] });
      const offer = await createOffer(ctx(), org.tokens.Lead!.token, OFFER);
      assert.equal(json(await publish(ctx(), org.tokens.Lead!.token, offer.id)).outcome, 'PENDING_APPROVAL');
      const res = await approve(ctx(), org.tokens.Lead!.token, offer.id);
      assert.equal(res.statusCode, 403);
      assert.equal(json(res).detail, 'The requester cannot decide on their own approval request.');
      assert.equal(json(await approval(ctx(), org.tokens.Lead!.token, offer.id)).request.requestedBy.name, 'Lead');
      assert.equal((await approve(ctx(), org.tokens.CFO!.token, offer.id)).statusCode, 200);
    });

    it('approving a step twice is a 409; so is deciding without a pending request', async () => {
      const { org, offer } = await pendingOffer([{ name: 'Finance', approvers: ['CFO', 'Controller'], quorum: 2 } as never]);
      assert.equal((await approve(ctx(), org.tokens.CFO!.token, offer.id)).statusCode, 200);
      const again = await approve(ctx(), org.tokens.CFO!.token, offer.id);
      assert.equal(again.statusCode, 409);
      assert.equal(json(again).detail, 'You already approved step "Finance".');

      const plain = await createOffer(ctx(), org.rep, OFFER);
      const none = await approve(ctx(), org.tokens.CFO!.token, plain.id);
      assert.equal(none.statusCode, 409);
      assert.equal(json(none).detail, 'The offer has no pending approval request.');
    });

    it('reject needs a comment; bodies with unknown fields are refused (422) and change nothing', async () => {
      const { org, offer } = await pendingOffer();
      const lead = org.tokens.Lead!.token;
      for (const payload of [{}, { comment: '' }, { comment: 42 }, { comment: 'x', extra: true }]) {
        const res = await reject(ctx(), lead, offer.id, payload);
        assert.equal(res.statusCode, 422, JSON.stringify(payload));
        assert.ok(Array.isArray(json(res).violations));
      }
      const res = await ctx().app.inject({
        method: 'POST',
        url: `/api/offers/${offer.id}/approval/approve`,
        headers: bearer(lead),
        payload: { comment: 'ok', approved: true },
      });
      assert.equal(res.statusCode, 422);
      await unchanged(org, offer.id);
    });

    it('an offer that expired while waiting cannot be released: 422, and the approval is not recorded', async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Sales lead', approvers: ['Lead'] }] });
      const offer = await createOffer(ctx(), org.rep, { ...OFFER, validUntil: '2026-06-02T00:00:00+00:00' });
      assert.equal(json(await publish(ctx(), org.rep, offer.id)).outcome, 'PENDING_APPROVAL');
      clock.set(new Date('2026-06-03T00:00:00Z'));
      const res = await approve(ctx(), org.tokens.Lead!.token, offer.id);
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(json(res).violations[0].propertyPath, 'validUntil');
      await unchanged(org, offer.id);
    });

    it("another organisation's tokens get 404 for the approval endpoints", async () => {
      const { org, offer } = await pendingOffer();
      const other = await organisationWithPolicy(ctx(), { steps: [{ name: 'Sales lead', approvers: ['Lead'] }] });
      for (const res of [
        await approval(ctx(), other.tokens.Lead!.token, offer.id),
        await approve(ctx(), other.tokens.Lead!.token, offer.id),
        await reject(ctx(), other.tokens.Lead!.token, offer.id),
      ]) {
        assert.equal(res.statusCode, 404, res.body);
      }
      await unchanged(org, offer.id);
    });

    it('two approvers deciding at once: exactly one decision wins, the offer goes live once', async () => {
      const { org, offer } = await pendingOffer();
      const results = await Promise.all([
        approve(ctx(), org.tokens.Lead!.token, offer.id),
        approve(ctx(), org.tokens.CFO!.token, offer.id),
      ]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
      const { rows } = await ctx().db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox WHERE organisation_id = $1 AND topic = 'offer.published'",
        [org.organisationId],
      );
      assert.equal(rows[0]!.n, 1);
      assert.equal(json(await approval(ctx(), org.rep, offer.id)).request.decisions.length, 1);
      assert.equal((await getOffer(ctx(), org.rep, offer.id)).status, 'signing');
    });

    it('a policy names only active tokens of the organisation, with a quorum its step can reach', async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Sales lead', approvers: ['Lead'] }] });
      const other = await ctx().newOrganisation();
      const foreign = await labelledToken(ctx(), other.organisation.id, 'Foreign');
      const revoked = await labelledToken(ctx(), org.organisationId, 'Gone');
      assert.equal(
        (await ctx().app.inject({ method: 'DELETE', url: `/admin/api-tokens/${revoked.id}`, headers: bearer(ADMIN_TOKEN) })).statusCode,
        204,
      );

      const res = await putPolicy(ctx(), org.organisationId, {
        steps: [
          { name: 'A', approvers: [foreign.id, org.tokens.CFO!.id] },
          { name: 'B', approvers: [revoked.id, '00000000-0000-4000-8000-000000000000'] },
          { name: 'C', approvers: [org.tokens.CFO!.id], quorum: 2 },
        ],
      });
      assert.equal(res.statusCode, 422, res.body);
      assert.deepEqual(
        json(res).violations.map((v: { propertyPath: string }) => v.propertyPath),
        ['steps[0].approvers[0]', 'steps[1].approvers[0]', 'steps[1].approvers[1]', 'steps[2].quorum'],
      );

      for (const body of [
        {},
        { steps: [] },
        { steps: [{ name: 'A', approvers: [] }] },
        { steps: [{ name: 'A', approvers: ['nope'] }] },
        { steps: [{ name: 'A', approvers: [org.tokens.CFO!.id] }], extra: 1 },
        { minContractValueCents: -1, steps: [{ name: 'A', approvers: [org.tokens.CFO!.id] }] },
      ]) {
        const bad = await putPolicy(ctx(), org.organisationId, body);
        assert.equal(bad.statusCode, 422, JSON.stringify(body));
      }
      // Nothing changed: the original policy stands.
      const policy = json(
        await ctx().app.inject({
          method: 'GET',
          url: `/admin/organisations/${org.organisationId}/approval-policy`,
          headers: bearer(ADMIN_TOKEN),
        }),
      );
      assert.deepEqual(
        policy.steps.map((s: { name: string }) => s.name),
        ['Sales lead'],
      );

      const unknownOrg = await putPolicy(ctx(), '00000000-0000-4000-8000-000000000000', {
        steps: [{ name: 'A', approvers: [org.tokens.CFO!.id] }],
      });
      assert.equal(unknownOrg.statusCode, 404);
      const unauthenticated = await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${org.organisationId}/approval-policy` });
      assert.equal(unauthenticated.statusCode, 401);
    });

    it('publishing refuses a policy that could never approve (422) and changes nothing', async () => {
      const org = await organisationWithPolicy(ctx(), {
        steps: [
          { name: 'Sales lead', approvers: ['Lead'] },
          { name: 'Finance', approvers: ['CFO', 'Controller'], quorum: 2 },
        ],
      });
      assert.equal(
        (await ctx().app.inject({ method: 'DELETE', url: `/admin/api-tokens/${org.tokens.Controller!.id}`, headers: bearer(ADMIN_TOKEN) }))
          .statusCode,
        204,
      );
      const offer = await createOffer(ctx(), org.rep, OFFER);
      const res = await publish(ctx(), org.rep, offer.id);
      assert.equal(res.statusCode, 422, res.body);
      assert.deepEqual(json(res).violations, [
        {
          propertyPath: 'approvalPolicy.steps[1]',
          message: 'Step "Finance" needs 2 approval(s) but has 1 active approver(s) other than you; update the approval policy.',
          code: 'invalid',
        },
      ]);
      // The only approver of a step cannot approve their own offer either.
      const own = await createOffer(ctx(), org.tokens.Lead!.token, OFFER);
      const mine = await publish(ctx(), org.tokens.Lead!.token, own.id);
      assert.equal(mine.statusCode, 422);
      assert.equal(json(mine).violations[0].propertyPath, 'approvalPolicy.steps[0]');
      for (const id of [offer.id, own.id]) {
        assert.equal(json(await approval(ctx(), org.rep, id)).request, null);
        assert.equal((await getOffer(ctx(), org.rep, id)).status, 'open');
      }
    });

    it('a revoked approver can no longer decide (401)', async () => {
      const { org, offer } = await pendingOffer();
      assert.equal(
        (await ctx().app.inject({ method: 'DELETE', url: `/admin/api-tokens/${org.tokens.Lead!.id}`, headers: bearer(ADMIN_TOKEN) }))
          .statusCode,
        204,
      );
      assert.equal((await approve(ctx(), org.tokens.Lead!.token, offer.id)).statusCode, 401);
      await unchanged(org, offer.id);
    });
  },
  { clock },
);
