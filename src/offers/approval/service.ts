// Approval use cases: read the sub-resource, approve or reject (the final approval releases the offer
// exactly as publishing would have), and the organisation's policy. Decisions lock the offer row, so two
// approvers deciding at once are serialised: the second sees the first's outcome.
import crypto from 'node:crypto';
import { AppError, notFound, type Violation } from '../../platform/errors.js';
import { isoDate } from '../../platform/time.js';
import { offerNumber } from '../serialize.js';
import { checkPublishable, goLive } from '../publish.js';
import { paginationMeta } from '../pagination.js';
import * as offers from '../repository.js';
import { emit, getOfferRow, lock, record, target, type OffersContext } from '../service.js';
import type { ApprovalPolicy } from './policy.js';
import * as repo from './repository.js';
import { canDecide, decide, effectiveStatus, type Decision, type Step } from './states.js';
import { approvalView, requestState } from './view.js';

export async function getApproval(ctx: OffersContext, rawId: string) {
  return approvalView(ctx.deps.db, await getOfferRow(ctx, rawId), ctx.actorId);
}

const DECIDE_ERRORS = { not_pending: 'invalid_state', already_decided: 'invalid_state', not_approver: 'forbidden', own_request: 'forbidden' } as const;

export async function decideApproval(ctx: OffersContext, rawId: string, decision: Decision, comment: string | null) {
  const actor = ctx.actorId;
  if (!actor) throw new Error('A decision needs the acting API token.');
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lock(ctx, tx, rawId);
    const request = await repo.latestRequest(tx, ctx.organisationId, row.id);
    if (!request) throw new AppError('invalid_state', 'The offer has no pending approval request.');
    const decisions = await repo.listDecisions(tx, ctx.organisationId, request.id);
    const status = effectiveStatus(request.status, request.version_hash, { versionHash: row.current_version_hash, status: row.status });
    const outcome = decide({ ...requestState(request, decisions), status }, actor, decision);
    if (!outcome.ok) throw new AppError(DECIDE_ERRORS[outcome.error], outcome.reason);

    const now = ctx.deps.clock.now();
    const step = request.steps[request.step_index]!;
    const label = await repo.tokenLabel(tx, ctx.organisationId, actor);
    await repo.insertDecision(tx, ctx.organisationId, {
      id: crypto.randomUUID(),
      request_id: request.id,
      step_index: request.step_index,
      approver_id: actor,
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
    await record(ctx, tx, row.id, decision === 'approve' ? 'approval.approved' : 'approval.rejected', {
      requestId: request.id,
      step: step.name,
      approver: { id: actor, label },
      comment,
      final: outcome.status !== 'pending',
    });

    // The decision's event precedes the release it causes, as in the activity feed.
    const view = await approvalView(tx, row, actor);
    if (outcome.status === 'approved') await emit(ctx, tx, ['offer.approval.approved'], { offerId: row.id, ...view });
    if (outcome.status === 'rejected') await emit(ctx, tx, ['offer.approval.rejected'], { offerId: row.id, ...view });
    if (outcome.live) {
      // Quorum on the last step: the approved version goes live as the publish call asked.
      const to = target(row, 'publish');
      const wanted = new Set(request.publish_input.recipientIds);
      const recipients = (await offers.listRecipients(tx, ctx.organisationId, [row.id])).filter((r) => wanted.has(r.id));
      checkPublishable(row, to, recipients, now);
      await goLive(ctx, tx, row, to, { ...request.publish_input, recipients }, now);
    }
    return view;
  });
}

/** The organisation's requests waiting for a decision; `decidableByMe` keeps those the calling token may decide now. */
export async function listPendingRequests(ctx: OffersContext, query: { decidableByMe: boolean; page: number; limit: number }) {
  const decider = query.decidableByMe ? (ctx.actorId ?? null) : null;
  const { rows, total } = await repo.listPending(ctx.deps.db, ctx.organisationId, decider, query.limit, (query.page - 1) * query.limit);
  const decisions = await Promise.all(rows.map((r) => repo.listDecisions(ctx.deps.db, ctx.organisationId, r.id)));
  return {
    data: rows.map((r, i) => {
      const step = r.steps[r.step_index]!;
      return {
        id: r.id,
        offer: { id: r.offer_id, number: offerNumber(r.offer_number), name: r.offer_name },
        step: { order: r.step_index + 1, name: step.name, quorum: step.quorum, approvers: step.approvers },
        requestedBy: { id: r.requested_by, name: r.requested_by_label },
        requestedAt: isoDate(r.requested_at),
        canCurrentUserDecide: ctx.actorId !== undefined && canDecide(requestState(r, decisions[i]!), ctx.actorId),
      };
    }),
    meta: paginationMeta(total, query.page, query.limit, rows.length),
  };
}

// ---------- the organisation's policy (admin API) ----------

export interface PolicyInput {
  minContractValueCents?: number | null;
  steps: { name: string; approvers: string[]; quorum?: number }[];
}

/** Approvers with their current labels, and whether their token still works (a revoked one cannot decide). */
export function policyView(policy: ApprovalPolicy, active: Map<string, string | null>) {
  return {
    minContractValueCents: policy.minContractValueCents === null ? null : Number(policy.minContractValueCents),
    steps: policy.steps.map((s, i) => ({
      order: i + 1,
      name: s.name,
      quorum: s.quorum,
      approvers: s.approvers.map((a) => ({ id: a.id, label: active.has(a.id) ? active.get(a.id)! : a.label, active: active.has(a.id) })),
    })),
    updatedAt: policy.updatedAt.toISOString(),
  };
}

/** Approvers must be active API tokens of the organisation; a quorum cannot exceed its step's approvers. */
export async function setPolicy(ctx: OffersContext, input: PolicyInput) {
  return ctx.deps.db.transaction(async (tx) => {
    const ids = [...new Set(input.steps.flatMap((s) => s.approvers.map((a) => a.toLowerCase())))];
    const approvers = await repo.findApprovers(tx, ctx.organisationId, ids);
    const violations: Violation[] = [];
    const steps: Step[] = input.steps.map((s, i) => {
      s.approvers.forEach((id, j) => {
        if (!approvers.has(id.toLowerCase())) violations.push({ propertyPath: `steps[${i}].approvers[${j}]`, message: 'No active API token of this organisation has this id.' });
      });
      const quorum = s.quorum ?? 1;
      if (quorum > s.approvers.length) violations.push({ propertyPath: `steps[${i}].quorum`, message: `The quorum cannot exceed the step's ${s.approvers.length} approver(s).` });
      return { name: s.name.trim(), quorum, approvers: s.approvers.map((id) => ({ id: id.toLowerCase(), label: approvers.get(id.toLowerCase()) ?? null })) };
    });
    if (violations.length > 0) throw new AppError('unprocessable', 'The approval policy is invalid.', violations);
    const policy: ApprovalPolicy = {
      minContractValueCents: input.minContractValueCents === undefined || input.minContractValueCents === null ? null : BigInt(input.minContractValueCents),
      steps,
      updatedAt: ctx.deps.clock.now(),
    };
    await repo.upsertPolicy(tx, ctx.organisationId, policy);
    return policyView(policy, approvers);
  });
}

export async function getPolicy(ctx: OffersContext) {
  const policy = await repo.findPolicy(ctx.deps.db, ctx.organisationId);
  if (!policy) throw notFound('Approval policy');
  return policyView(policy, await repo.findApprovers(ctx.deps.db, ctx.organisationId, policy.steps.flatMap((s) => s.approvers.map((a) => a.id))));
}

/** Without a policy, publishing goes live at once; requests already pending stay decidable. */
export async function deletePolicy(ctx: OffersContext): Promise<void> {
  if (!(await repo.deletePolicy(ctx.deps.db, ctx.organisationId))) throw notFound('Approval policy');
}
