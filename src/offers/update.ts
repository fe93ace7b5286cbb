// Update an open offer's editable fields. A live published version freezes validUntil and dealType;
// a content change gives a new version hash and voids the approval request waiting for the old one.
import { defaultTaxRateOf } from '../organisations/profile.js';
import type { Context } from '../platform/context.js';
import { AppError, type Violation } from '../platform/errors.js';
import { supersedeApproval } from './approval/supersede.js';
import { contentOf, editableColumns, withTaxRates } from './content.js';
import { checkContentSize } from './content-limits.js';
import * as repo from './repository.js';
import type { UpdateOfferInput } from './schemas.js';
import { enqueueEvents, lockOffer, offerView, recordActivity, requireTransition } from './steps.js';
import { versionHash } from './version-hash.js';

export interface UpdateOffer {
  offerId: string;
  changes: UpdateOfferInput;
}

const FROZEN = 'Frozen while the published version is live.';

export async function updateOffer(ctx: Context, { offerId, changes }: UpdateOffer) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lockOffer(ctx, tx, offerId);
    requireTransition(row, 'update');
    const patch = editableColumns(changes, row);
    if (patch.line_items)
      patch.line_items = withTaxRates(patch.line_items as Record<string, unknown>[], await defaultTaxRateOf(tx, ctx.organisationId));
    // A live published version freezes validUntil and dealType (re-publish or cancel signing first).
    if (row.published) {
      const frozen: Violation[] = [];
      if (patch.valid_until !== undefined && patch.valid_until?.getTime() !== row.valid_until?.getTime())
        frozen.push({ propertyPath: 'validUntil', message: FROZEN });
      if (patch.deal_type !== undefined && patch.deal_type !== row.deal_type) frozen.push({ propertyPath: 'dealType', message: FROZEN });
      if (frozen.length > 0) throw new AppError('invalid_state', 'validUntil and dealType are frozen at publish.', frozen);
    }
    const merged = contentOf({ ...row, ...patch } as repo.OfferRow);
    checkContentSize(merged);
    const hash = versionHash(merged);
    const now = ctx.deps.clock.now();
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, { ...patch, current_version_hash: hash, updated_at: now });
    await recordActivity(ctx, tx, row, 'offer.updated', {
      fields: Object.keys(changes),
      versionHash: hash,
      contentChanged: hash !== row.current_version_hash,
    });
    // An approval covers one version: a content change voids the request still waiting for it.
    if (hash !== row.current_version_hash) await supersedeApproval(ctx, tx, row, now, 'content_changed');
    const offer = await offerView(ctx, tx, updated);
    await enqueueEvents(ctx, tx, row, ['offer.updated'], offer);
    return offer;
  });
}
