// Publishing: an offer goes live for its recipients at once (go-live.ts), or — when the organisation's
// approval policy covers it — waits for internal approval first (approval/decide.ts releases it on quorum).
import type { Context } from '../platform/context.js';
import type { Violation } from '../platform/errors.js';
import { requiresApproval } from './approval/policy.js';
import { findPolicy } from './approval/repository.js';
import { requestApproval } from './approval/request.js';
import { supersedeApproval } from './approval/supersede.js';
import { contentOf } from './content.js';
import { checkContentSize } from './content-limits.js';
import { contractValue, type LineItem } from './contract-value.js';
import { checkPublishable, goLive, refused, type Release } from './go-live.js';
import { addRecipientRow, tooManyRecipients } from './recipients.js';
import * as recipientsRepo from './recipients-repository.js';
import { MAX_RECIPIENTS, type PublishInput } from './schemas.js';
import { prerenderPublished } from './published-document.js';
import { lockOffer, offerIdOf, requireTransition } from './steps.js';

export type PublishOffer = PublishInput & { offerId: string };

export async function publishOffer(ctx: Context, { offerId, ...input }: PublishOffer) {
  const result = await ctx.deps.db.transaction(async (tx) => {
    const row = await lockOffer(ctx, tx, offerId);
    const to = requireTransition(row, 'publish');
    // Offers written before the cap: a version too large to render in bounded time is not released.
    checkContentSize(contentOf(row), 'The offer cannot be published.');
    const now = ctx.deps.clock.now();
    const value = contractValue(row.line_items as LineItem[]);

    const existing = await recipientsRepo.listRecipients(tx, ctx.organisationId, [row.id]);
    const known = new Set(existing.map((r) => r.id));
    const unknown: Violation[] = [];
    (input.recipientIds ?? []).forEach((id, i) => {
      if (!known.has(id.toLowerCase())) unknown.push({ propertyPath: `recipientIds[${i}]`, message: 'No such recipient on this offer.' });
    });
    if (unknown.length > 0) throw refused(unknown);

    if (existing.length + (input.newRecipients?.length ?? 0) > MAX_RECIPIENTS) throw tooManyRecipients('newRecipients');
    const added = [];
    for (const [i, r] of (input.newRecipients ?? []).entries())
      added.push(await addRecipientRow(ctx, tx, row.id, r, `newRecipients[${i}].email`));
    const release: Release = {
      recipients: [
        ...(input.recipientIds ? existing.filter((r) => input.recipientIds!.some((id) => id.toLowerCase() === r.id)) : existing),
        ...added,
      ],
      notifyRecipients: input.notifyRecipients ?? false,
      customMessage: input.customMessage ?? null,
    };
    checkPublishable(row, to, release.recipients, now);

    // A new publish replaces a request still waiting for a decision.
    await supersedeApproval(ctx, tx, row, now, 'published_again');
    const policy = await findPolicy(tx, ctx.organisationId);
    if (!policy || !requiresApproval(policy, value?.cents ?? null)) {
      await goLive(ctx, tx, row, to, release, [...existing, ...added], now);
      return { outcome: 'PUBLISHED' as const, requestId: null };
    }
    const requestId = await requestApproval(ctx, tx, row, policy, release, now);
    return { outcome: 'PENDING_APPROVAL' as const, requestId };
  });
  // The version's PDF is rendered once, now, off the request path (published-document.ts).
  if (result.outcome === 'PUBLISHED') prerenderPublished(ctx.deps, ctx.organisationId, offerIdOf(offerId));
  return result;
}
