// Publishing: an offer goes live for its recipients at once, or — when the organisation's approval
// policy covers it — waits for internal approval first (approval/service.ts releases it on quorum).
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { AppError, type Violation } from '../platform/errors.js';
import { requiresApproval } from './approval/policy.js';
import * as approvals from './approval/repository.js';
import { approvalView } from './approval/view.js';
import { queueOfferInvitation } from '../notifications/queue.js';
import { contractValue, type LineItem } from './contract-value.js';
import * as repo from './repository.js';
import type { PublishInput } from './schemas.js';
import { addRecipientRow, contentOf, emit, lock, moveRecipients, record, supersedeApproval, target, view, type OffersContext } from './service.js';
import type { OfferStatus } from './states.js';

export interface Release {
  recipients: repo.RecipientRow[];
  notifyRecipients: boolean;
  customMessage: string | null;
}

const refused = (violations: Violation[]) => new AppError('unprocessable', 'The offer cannot be published.', violations);

/** What must hold for `row` to go live to `recipients` now; checked at publish and again on final approval. */
export function checkPublishable(row: repo.OfferRow, to: OfferStatus, recipients: readonly repo.RecipientRow[], now: Date): void {
  if (row.valid_until && row.valid_until.getTime() <= now.getTime()) {
    throw refused([{ propertyPath: 'validUntil', message: 'The offer has expired; set a later validUntil first.' }]);
  }
  if (recipients.length === 0) throw refused([{ propertyPath: 'recipientIds', message: 'Publish to at least one recipient.' }]);
  if (to === 'signing' && !recipients.some((r) => r.role === 'sign')) {
    throw refused([{ propertyPath: 'recipientIds', message: 'An e-signature offer needs at least one recipient with role "sign".' }]);
  }
}

/** The version goes live: frozen fields, snapshot, contract value, recipients start signing, activity and events. */
export async function goLive(ctx: OffersContext, tx: Queryable, row: repo.OfferRow, to: OfferStatus, release: Release, now: Date) {
  const value = contractValue(row.line_items as LineItem[]);
  const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, {
    status: to,
    published: true,
    issued_at: now,
    published_version_hash: row.current_version_hash,
    // The snapshot recipients read (its hash is publishedVersionHash); later edits stay unpublished.
    published_content: contentOf(row),
    cached_contract_value_cents: value?.cents ?? null,
    cached_contract_value_currency: value?.currency ?? null,
    updated_at: now,
  });
  if (to === 'signing') await moveRecipients(ctx, tx, row.id, 'start_signing', new Set(release.recipients.map((r) => r.id)));
  let invitations = 0;
  if (release.notifyRecipients) {
    for (const r of release.recipients) {
      const queued = await queueOfferInvitation(ctx.deps, tx, { organisationId: ctx.organisationId, offerId: row.id, recipientId: r.id, customMessage: release.customMessage });
      if (queued) invitations++;
    }
  }
  await record(ctx, tx, row.id, 'offer.published', {
    versionHash: row.current_version_hash,
    recipientIds: release.recipients.map((r) => r.id),
    notifyRecipients: release.notifyRecipients,
    customMessage: release.customMessage,
    invitationsQueued: invitations,
  });
  if (to === 'signing') await record(ctx, tx, row.id, 'offer.signing_started', { recipientIds: release.recipients.filter((r) => r.role === 'sign').map((r) => r.id) });
  const offer = await view(ctx, tx, updated);
  await emit(ctx, tx, to === 'signing' ? ['offer.published', 'offer.signing_started'] : ['offer.published'], offer);
}

export async function publishOffer(ctx: OffersContext, rawId: string, input: PublishInput) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lock(ctx, tx, rawId);
    const to = target(row, 'publish');
    const now = ctx.deps.clock.now();
    const value = contractValue(row.line_items as LineItem[]);

    const existing = await repo.listRecipients(tx, ctx.organisationId, [row.id]);
    const known = new Set(existing.map((r) => r.id));
    const unknown: Violation[] = [];
    (input.recipientIds ?? []).forEach((id, i) => {
      if (!known.has(id.toLowerCase())) unknown.push({ propertyPath: `recipientIds[${i}]`, message: 'No such recipient on this offer.' });
    });
    if (unknown.length > 0) throw refused(unknown);

    const added = [];
    for (const [i, r] of (input.newRecipients ?? []).entries()) added.push(await addRecipientRow(ctx, tx, row.id, r, `newRecipients[${i}].email`));
    const release: Release = {
      recipients: [...(input.recipientIds ? existing.filter((r) => input.recipientIds!.some((id) => id.toLowerCase() === r.id)) : existing), ...added],
      notifyRecipients: input.notifyRecipients ?? false,
      customMessage: input.customMessage ?? null,
    };
    checkPublishable(row, to, release.recipients, now);

    // A new publish replaces a request still waiting for a decision.
    await supersedeApproval(ctx, tx, row.id, now, 'published_again');
    const policy = await approvals.findPolicy(tx, ctx.organisationId);
    if (!requiresApproval(policy, value?.cents ?? null)) {
      await goLive(ctx, tx, row, to, release, now);
      return { outcome: 'PUBLISHED' as const, requestId: null };
    }

    const requestId = crypto.randomUUID();
    // Routes always name the acting token; the four-eyes rule needs to know who asked.
    const actor = ctx.actorId;
    if (!actor) throw new Error('An approval request needs the acting API token.');
    // A step whose approvers were revoked (or are only the requester) could never pass: say so now.
    const active = await approvals.findApprovers(tx, ctx.organisationId, policy!.steps.flatMap((s) => s.approvers.map((a) => a.id)));
    const stuck = policy!.steps.flatMap((step, i) => {
      const deciders = step.approvers.filter((a) => active.has(a.id) && a.id !== actor).length;
      return deciders < step.quorum
        ? [{ propertyPath: `approvalPolicy.steps[${i}]`, message: `Step "${step.name}" needs ${step.quorum} approval(s) but has ${deciders} active approver(s) other than you; update the approval policy.` }]
        : [];
    });
    if (stuck.length > 0) throw new AppError('unprocessable', 'The approval policy cannot approve this offer.', stuck);
    await approvals.insertRequest(tx, {
      id: requestId,
      organisation_id: ctx.organisationId,
      offer_id: row.id,
      version_hash: row.current_version_hash,
      steps: policy!.steps,
      publish_input: { recipientIds: release.recipients.map((r) => r.id), notifyRecipients: release.notifyRecipients, customMessage: release.customMessage },
      requested_by: actor,
      requested_by_label: await approvals.tokenLabel(tx, ctx.organisationId, actor),
      requested_at: now,
    });
    await record(ctx, tx, row.id, 'approval.requested', { requestId, versionHash: row.current_version_hash, recipientIds: release.recipients.map((r) => r.id) });
    await emit(ctx, tx, ['offer.approval.requested'], { offerId: row.id, ...(await approvalView(tx, row, undefined)) });
    return { outcome: 'PENDING_APPROVAL' as const, requestId };
  });
}
