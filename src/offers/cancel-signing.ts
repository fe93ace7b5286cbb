// Cancel a signing process: back to editing; the live version is withdrawn (validUntil and dealType
// thaw) and the signatures on it are void.
import type { Context } from '../platform/context.js';
import { clearSignatures } from './public/repository.js';
import { moveRecipients } from './recipients.js';
import * as repo from './repository.js';
import * as recipientsRepo from './recipients-repository.js';
import { enqueueEvents, lockOffer, offerView, recordActivity, requireTransition } from './steps.js';

export async function cancelSigning(ctx: Context, { offerId }: { offerId: string }) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lockOffer(ctx, tx, offerId);
    const to = requireTransition(row, 'cancel_signing');
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, {
      status: to,
      published: false,
      updated_at: ctx.deps.clock.now(),
    });
    const recipients = await moveRecipients(
      ctx,
      tx,
      await recipientsRepo.listRecipients(tx, ctx.organisationId, [row.id]),
      'cancel_signing',
    );
    await clearSignatures(tx, ctx.organisationId, row.id);
    await recordActivity(ctx, tx, row, 'offer.signing_cancelled', {});
    await enqueueEvents(ctx, tx, row, ['offer.signing_cancelled'], await offerView(ctx, tx, updated, recipients));
    return { status: updated.status };
  });
}
