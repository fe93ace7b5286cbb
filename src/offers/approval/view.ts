// The approval sub-resource (staff only; never embedded in the offer, never shown to recipients).
import type { Queryable } from '../../db/database.js';
import { isoDate } from '../../platform/time.js';
import { contractValue, type LineItem } from '../contract-value.js';
import type { OfferRow } from '../repository.js';
import { requiresApproval } from './policy.js';
import * as repo from './repository.js';
import { canDecide, effectiveStatus, type RequestState, type Step } from './states.js';

/** A step on the wire: token approvers as before, and the people it names. */
export const stepView = (s: Step, index: number) => ({
  order: index + 1,
  name: s.name,
  quorum: s.quorum,
  approvers: s.approvers.filter((a) => a.kind !== 'user').map((a) => ({ id: a.id, label: a.label })),
  users: s.approvers.filter((a) => a.kind === 'user').map((a) => ({ id: a.id, name: a.label })),
});

/** One decision as the read model and the inbox show it. */
export const decisionView = (d: repo.DecisionRow) => ({
  account: { id: d.approver_id, label: d.approver_label, kind: d.approver_kind },
  decision: d.decision === 'approve' ? ('approved' as const) : ('rejected' as const),
  step: d.step_index + 1,
  decidedAt: isoDate(d.decided_at),
  comment: d.comment,
});

export const requesterView = (r: repo.RequestRow) => ({ id: r.requested_by, name: r.requested_by_label, kind: r.requested_by_kind });

export function requestState(request: repo.RequestRow, decisions: readonly repo.DecisionRow[]): RequestState {
  return {
    status: request.status,
    stepIndex: request.step_index,
    steps: request.steps,
    requestedBy: request.requested_by,
    approvedInStep: decisions.filter((d) => d.step_index === request.step_index && d.decision === 'approve').map((d) => d.approver_id),
  };
}

/**
 * `versionApprovalStatus` is the status of the offer's newest request as it stands for the current
 * version (see effectiveStatus), or `not_required` when none was made; `requiresApproval` says whether
 * publishing the offer as it is now would need one.
 */
export async function approvalView(q: Queryable, offer: OfferRow, actorId: string | undefined) {
  const policy = await repo.findPolicy(q, offer.organisation_id);
  // Writes refuse mixed currencies, so a stored offer always has a value (or none without line items).
  const value = contractValue(offer.line_items as LineItem[])?.cents ?? null;
  const request = await repo.latestRequest(q, offer.organisation_id, offer.id);
  if (!request) {
    return {
      versionApprovalStatus: 'not_required' as const,
      requiresApproval: requiresApproval(policy, value),
      canCurrentUserDecide: false,
      request: null,
    };
  }
  const decisions = await repo.listDecisions(q, offer.organisation_id, request.id);
  const status = effectiveStatus(request.status, request.version_hash, { versionHash: offer.current_version_hash, status: offer.status });
  const state = { ...requestState(request, decisions), status };
  return {
    versionApprovalStatus: status,
    requiresApproval: requiresApproval(policy, value),
    canCurrentUserDecide: actorId !== undefined && canDecide(state, actorId),
    request: {
      id: request.id,
      status,
      versionHash: request.version_hash,
      step: stepView(request.steps[request.step_index]!, request.step_index),
      steps: request.steps.map(stepView),
      decisions: decisions.map(decisionView),
      requestedBy: requesterView(request),
      requestedAt: isoDate(request.requested_at),
      decidedAt: isoDate(request.decided_at),
    },
  };
}

export type ApprovalView = Awaited<ReturnType<typeof approvalView>>;
