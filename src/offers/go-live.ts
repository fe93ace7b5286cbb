// Going live: what must hold for a version to reach its recipients, and what happens when it does.
// Publishing calls it at once; approval/decide.ts on the last step's quorum.
import type { Queryable } from '../db/database.js';
import { queueOfferInvitation } from '../notifications/queue.js';
import type { Context } from '../platform/context.js';
import { AppError, type Violation } from '../platform/errors.js';
import { contentOf } from './content.js';
import { contractValue, type LineItem } from './contract-value.js';
import { moveRecipients } from './recipients.js';
import * as repo from './repository.js';
import type * as recipientsRepo from './recipients-repository.js';
import type { OfferStatus } from './states.js';
import { enqueueEvents, offerView, recordActivity } from './steps.js';

/** Whom a publish call releases the offer to, and how. */
export interface Release {
  recipients: recipientsRepo.RecipientRow[];
  notifyRecipients: boolean;
  customMessage: string | null;
}

export const refused = (violations: Violation[]) => new AppError('unprocessable', 'The offer cannot be published.', violations);

/** What must hold for `row` to go live to `recipients` now; checked at publish and again on final approval. */
export function checkPublishable(row: repo.OfferRow, to: OfferStatus, recipients: readonly recipientsRepo.RecipientRow[], now: Date): void {
  if (row.valid_until && row.valid_until.getTime() <= now.getTime()) {
    throw refused([{ propertyPath: 'validUntil', message: 'The offer has expired; set a later validUntil first.' }]);
  }
  if (recipients.length === 0) throw refused([{ propertyPath: 'recipientIds', message: 'Publish to at least one recipient.' }]);
  if (to === 'signing' && !recipients.some((r) => r.role === 'sign')) {
    throw refused([{ propertyPath: 'recipientIds', message: 'An e-signature offer needs at least one recipient with role "sign".' }]);
  }
}

/**
 * The version goes live: frozen fields, snapshot, contract value, recipients start signing, activity and
 * events. `all` is every recipient of the offer (the read model shows them); `release` those it goes to.
 */
export async function goLive(
  ctx: Context,
  tx: Queryable,
  row: repo.OfferRow,
  to: OfferStatus,
  release: Release,
  all: readonly recipientsRepo.RecipientRow[],
  now: Date,
) {
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
  const recipients =
    to === 'signing' ? await moveRecipients(ctx, tx, all, 'start_signing', new Set(release.recipients.map((r) => r.id))) : [...all];
  let invitations = 0;
  if (release.notifyRecipients) {
    for (const r of release.recipients) {
      const queued = await queueOfferInvitation(ctx.deps, tx, {
        organisationId: ctx.organisationId,
        offerId: row.id,
        recipientId: r.id,
        customMessage: release.customMessage,
      });
      if (queued) invitations++;
    }
  }
  await recordActivity(ctx, tx, row, 'offer.published', {
    versionHash: row.current_version_hash,
    recipientIds: release.recipients.map((r) => r.id),
    notifyRecipients: release.notifyRecipients,
    customMessage: release.customMessage,
    invitationsQueued: invitations,
  });
  if (to === 'signing')
    await recordActivity(ctx, tx, row, 'offer.signing_started', {
      recipientIds: release.recipients.filter((r) => r.role === 'sign').map((r) => r.id),
    });
  const offer = await offerView(ctx, tx, updated, recipients);
  await enqueueEvents(ctx, tx, row, to === 'signing' ? ['offer.published', 'offer.signing_started'] : ['offer.published'], offer);
}
