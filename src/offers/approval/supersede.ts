// An approval covers one version of one publish call: content changes, a new publish, acceptance and
// archiving end the request still waiting for a decision.
import type { Queryable } from '../../db/database.js';
import type { Context } from '../../platform/context.js';
import type { OfferRow } from '../repository.js';
import { recordActivity } from '../steps.js';
import { supersedePending } from './repository.js';

/** Ends the offer's pending approval request, if any, and says why in the activity feed. */
export async function supersedeApproval(
  ctx: Context,
  tx: Queryable,
  offer: Pick<OfferRow, 'id' | 'organisation_id'>,
  now: Date,
  reason: string,
): Promise<void> {
  const requestId = await supersedePending(tx, offer.organisation_id, offer.id, now);
  if (requestId) await recordActivity(ctx, tx, offer, 'approval.superseded', { requestId, reason });
}
