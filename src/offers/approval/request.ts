// The publish side of approval: a publish call the policy covers becomes a request that waits for
// the policy's steps (decide.ts releases the offer on quorum of the last one).
import crypto from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import { tokenIdOf, type Context } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Release } from '../go-live.js';
import type { OfferRow } from '../repository.js';
import { enqueueEvents, recordActivity } from '../steps.js';
import type { ApprovalPolicy } from './policy.js';
import { activeApprovers } from './decider.js';
import * as repo from './repository.js';
import { approvalView } from './view.js';

/** Records the request for this version and this release; returns its id. */
export async function requestApproval(
  ctx: Context,
  tx: Queryable,
  row: OfferRow,
  policy: ApprovalPolicy,
  release: Release,
  now: Date,
): Promise<string> {
  const requestId = crypto.randomUUID();
  // Routes always name the acting token or console user; the four-eyes rule needs to know who asked.
  const user = ctx.actor.kind === 'user' ? ctx.actor : null;
  const actor = tokenIdOf(ctx.actor) ?? user?.userId;
  if (!actor) throw new Error('An approval request needs the acting API token or console user.');
  // A step whose approvers were revoked or removed (or are only the requester) could never pass: say so now.
  const { tokens, users } = await activeApprovers(tx, ctx.organisationId, policy.steps);
  const stuck = policy.steps.flatMap((step, i) => {
    const deciders = step.approvers.filter((a) => (tokens.has(a.id) || users.has(a.id)) && a.id !== actor).length;
    return deciders < step.quorum
      ? [
          {
            propertyPath: `approvalPolicy.steps[${i}]`,
            message: `Step "${step.name}" needs ${step.quorum} approval(s) but has ${deciders} active approver(s) other than you; update the approval policy.`,
          },
        ]
      : [];
  });
  if (stuck.length > 0) throw new AppError('unprocessable', 'The approval policy cannot approve this offer.', stuck);
  await repo.insertRequest(tx, {
    id: requestId,
    organisation_id: ctx.organisationId,
    offer_id: row.id,
    version_hash: row.current_version_hash,
    steps: policy.steps,
    publish_input: {
      recipientIds: release.recipients.map((r) => r.id),
      notifyRecipients: release.notifyRecipients,
      customMessage: release.customMessage,
    },
    requested_by: actor,
    requested_by_kind: user ? 'user' : 'api_token',
    requested_by_label: user ? user.name : await repo.tokenLabel(tx, ctx.organisationId, actor),
    requested_at: now,
  });
  await recordActivity(ctx, tx, row, 'approval.requested', {
    requestId,
    versionHash: row.current_version_hash,
    recipientIds: release.recipients.map((r) => r.id),
  });
  await enqueueEvents(ctx, tx, row, ['offer.approval.requested'], { offerId: row.id, ...(await approvalView(tx, row, undefined)) });
  return requestId;
}
