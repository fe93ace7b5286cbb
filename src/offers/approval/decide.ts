// Approve or reject the pending request. Decisions lock the offer row, so two approvers deciding at
// once are serialised: the second sees the first's outcome. The final approval releases the offer
// exactly as publishing would have (go-live.ts).
import crypto from 'node:crypto';
import type { Context } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { checkPublishable, goLive } from '../go-live.js';
import { prerenderPublished } from '../published-document.js';
import * as recipientsRepo from '../recipients-repository.js';
import { enqueueEvents, lockOffer, offerIdOf, recordActivity, requireTransition } from '../steps.js';
import { deciderOf } from './decider.js';
import * as repo from './repository.js';
import { decide, effectiveStatus, type Decision } from './states.js';
import { approvalView, requestState } from './view.js';

export interface DecideApproval {
  offerId: string;
  decision: Decision;
  comment: string | null;
  /** The request the decider saw (the console): refused (409) when the offer's newest request is another. */
  requestId?: string;
}

const DECIDE_ERRORS = {
  not_pending: 'invalid_state',
  already_decided: 'invalid_state',
  not_approver: 'forbidden',
  own_request: 'forbidden',
} as const;

export async function decideApproval(ctx: Context, { offerId, decision, comment, requestId }: DecideApproval) {
  if (ctx.actor.kind !== 'api_token' && ctx.actor.kind !== 'user')
    throw new Error('A decision needs the acting API token or console user.');
  let live = false;
  const view = await ctx.deps.db.transaction(async (tx) => {
    const row = await lockOffer(ctx, tx, offerId);
    // Read under the offer's lock: a user removed or demoted meanwhile no longer decides.
    const decider = await deciderOf(tx, ctx);
    if (!decider) throw new AppError('forbidden', 'Your role may not decide approval requests.');
    const actor = decider.id;
    const request = await repo.latestRequest(tx, ctx.organisationId, row.id);
    if (!request) throw new AppError('invalid_state', 'The offer has no pending approval request.');
    if (requestId !== undefined && request.id !== requestId)
      throw new AppError('invalid_state', 'This approval request was replaced by a newer one; only a pending request can be decided.');
    const decisions = await repo.listDecisions(tx, ctx.organisationId, request.id);
    const status = effectiveStatus(request.status, request.version_hash, { versionHash: row.current_version_hash, status: row.status });
    const outcome = decide({ ...requestState(request, decisions), status }, actor, decision);
    if (!outcome.ok) throw new AppError(DECIDE_ERRORS[outcome.error], outcome.reason);

    const now = ctx.deps.clock.now();
    const step = request.steps[request.step_index]!;
    const label = decider.label;
    await repo.insertDecision(tx, ctx.organisationId, {
      id: crypto.randomUUID(),
      request_id: request.id,
      step_index: request.step_index,
      approver_id: actor,
      approver_kind: decider.kind,
      approver_label: label,
      decision,
      comment,
      decided_at: now,
    });
    await repo.updateRequest(tx, ctx.organisationId, request.id, {
      status: outcome.status,
      stepIndex: outcome.stepIndex,
      decidedAt: outcome.status === 'pending' ? null : now,
    });
    await recordActivity(ctx, tx, row, decision === 'approve' ? 'approval.approved' : 'approval.rejected', {
      requestId: request.id,
      step: step.name,
      // A person is marked as one; a token's entry keeps its old shape (audit trails read it).
      approver: decider.kind === 'user' ? { id: actor, label, kind: 'user' as const } : { id: actor, label },
      comment,
      final: outcome.status !== 'pending',
    });

    // The decision's event precedes the release it causes, as in the activity feed.
    const view = await approvalView(tx, row, actor);
    if (outcome.status === 'approved') await enqueueEvents(ctx, tx, row, ['offer.approval.approved'], { offerId: row.id, ...view });
    if (outcome.status === 'rejected') await enqueueEvents(ctx, tx, row, ['offer.approval.rejected'], { offerId: row.id, ...view });
    if (outcome.live) {
      // Quorum on the last step: the approved version goes live as the publish call asked.
      const to = requireTransition(row, 'publish');
      const wanted = new Set(request.publish_input.recipientIds);
      const all = await recipientsRepo.listRecipients(tx, ctx.organisationId, [row.id]);
      const recipients = all.filter((r) => wanted.has(r.id));
      checkPublishable(row, to, recipients, now);
      await goLive(ctx, tx, row, to, { ...request.publish_input, recipients }, all, now);
      live = true;
    }
    return view;
  });
  if (live) prerenderPublished(ctx.deps, ctx.organisationId, offerIdOf(offerId));
  return view;
}
