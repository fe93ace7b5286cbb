// Archive an offer (an offerpay extension): withdrawn for good, its recipients archived with it.
import type { Context } from '../platform/context.js';
import { supersedeApproval } from './approval/supersede.js';
import { moveRecipients } from './recipients.js';
import * as repo from './repository.js';
import * as recipientsRepo from './recipients-repository.js';
import { enqueueEvents, lockOffer, offerView, recordActivity, requireTransition } from './steps.js';

export async function archiveOffer(ctx: Context, { offerId }: { offerId: string }) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lockOffer(ctx, tx, offerId);
    const to = requireTransition(row, 'archive');
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, {
      status: to,
      published: false,
      updated_at: ctx.deps.clock.now(),
    });
    const recipients = await moveRecipients(ctx, tx, await recipientsRepo.listRecipients(tx, ctx.organisationId, [row.id]), 'archive');
    await recordActivity(ctx, tx, row, 'offer.archived', { from: row.status });
    await supersedeApproval(ctx, tx, row, ctx.deps.clock.now(), 'offer_archived');
    const offer = await offerView(ctx, tx, updated, recipients);
    await enqueueEvents(ctx, tx, row, ['offer.archived'], offer);
    return offer;
  });
}
