// The approval sub-resource (staff only; never embedded in the offer, never shown to recipients).
import type { Queryable } from '../../db/database.js';
import { isoDate } from '../../platform/time.js';
import { contractValue, type LineItem } from '../contract-value.js';
import type { OfferRow } from '../repository.js';
import { requiresApproval } from './policy.js';
import * as repo from './repository.js';
import { canDecide, effectiveStatus, type RequestState } from './states.js';

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
  const step = request.steps[request.step_index]!;
  return {
    versionApprovalStatus: status,
    requiresApproval: requiresApproval(policy, value),
    canCurrentUserDecide: actorId !== undefined && canDecide(state, actorId),
    request: {
      id: request.id,
      status,
      versionHash: request.version_hash,
      step: { order: request.step_index + 1, name: step.name, quorum: step.quorum, approvers: step.approvers },
      steps: request.steps.map((s, i) => ({ order: i + 1, name: s.name, quorum: s.quorum, approvers: s.approvers })),
      decisions: decisions.map((d) => ({
        account: { id: d.approver_id, label: d.approver_label },
        decision: d.decision === 'approve' ? ('approved' as const) : ('rejected' as const),
        step: d.step_index + 1,
        decidedAt: isoDate(d.decided_at),
        comment: d.comment,
      })),
      requestedBy: { id: request.requested_by, name: request.requested_by_label },
      requestedAt: isoDate(request.requested_at),
      decidedAt: isoDate(request.decided_at),
    },
  };
}

export type ApprovalView = Awaited<ReturnType<typeof approvalView>>;
