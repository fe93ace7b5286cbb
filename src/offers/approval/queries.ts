// Reads of approval: one offer's approval sub-resource, and the organisation's requests waiting for a decision.
import type { Context } from '../../platform/context.js';
import { isoDate } from '../../platform/time.js';
import { paginationMeta } from '../pagination.js';
import { findOfferRow } from '../queries.js';
import { offerNumber } from '../serialize.js';
import { deciderIdOf } from './decider.js';
import * as repo from './repository.js';
import { canDecide } from './states.js';
import { approvalView, requestState, requesterView, stepView } from './view.js';

export async function getApproval(ctx: Context, input: { offerId: string }) {
  return approvalView(ctx.deps.db, await findOfferRow(ctx, input), await deciderIdOf(ctx.deps.db, ctx));
}

export interface PendingRequestsQuery {
  /** Only those the calling token may decide now. */
  decidableByMe: boolean;
  page: number;
  limit: number;
}

/** The organisation's requests waiting for a decision; `decidableByMe` keeps those the caller may decide now. */
export async function listPendingRequests(ctx: Context, query: PendingRequestsQuery) {
  const me = await deciderIdOf(ctx.deps.db, ctx);
  const decider = query.decidableByMe ? (me ?? null) : null;
  const { rows, total } = await repo.listPending(ctx.deps.db, ctx.organisationId, decider, query.limit, (query.page - 1) * query.limit);
  const decisions = await Promise.all(rows.map((r) => repo.listDecisions(ctx.deps.db, ctx.organisationId, r.id)));
  return {
    data: rows.map((r, i) => {
      return {
        id: r.id,
        offer: { id: r.offer_id, number: offerNumber(r.offer_number), name: r.offer_name },
        step: stepView(r.steps[r.step_index]!, r.step_index),
        requestedBy: requesterView(r),
        requestedAt: isoDate(r.requested_at),
        canCurrentUserDecide: me !== undefined && canDecide(requestState(r, decisions[i]!), me),
      };
    }),
    meta: paginationMeta(total, query.page, query.limit, rows.length),
  };
}
