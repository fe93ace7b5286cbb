// Remove a recipient from an offer (an offerpay extension of the Offers API).
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { UUID } from '../platform/schemas.js';
import * as repo from './repository.js';
import * as recipientsRepo from './recipients-repository.js';
import { enqueueEvents, lockOffer, offerView, recordActivity, requireTransition } from './steps.js';

export interface RemoveRecipient {
  offerId: string;
  recipientId: string;
}

export async function removeRecipient(ctx: Context, { offerId, recipientId: rawRecipientId }: RemoveRecipient) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lockOffer(ctx, tx, offerId);
    requireTransition(row, 'remove_recipient');
    const recipientId = rawRecipientId.toLowerCase();
    if (!UUID.test(rawRecipientId) || !(await recipientsRepo.deleteRecipient(tx, ctx.organisationId, row.id, recipientId)))
      throw notFound('Recipient');
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, { updated_at: ctx.deps.clock.now() });
    await recordActivity(ctx, tx, row, 'recipient.removed', { recipientId });
    const offer = await offerView(ctx, tx, updated);
    await enqueueEvents(ctx, tx, row, ['offer.updated'], offer);
    return offer;
  });
}
