// Add a recipient to an offer; once the offer is published, the new recipient can be invited at once.
import { queueOfferInvitation } from '../notifications/queue.js';
import type { Context } from '../platform/context.js';
import { addRecipientRow, tooManyRecipients } from './recipients.js';
import * as recipientsRepo from './recipients-repository.js';
import * as repo from './repository.js';
import { MAX_RECIPIENTS, type RecipientInputT } from './schemas.js';
import { enqueueEvents, lockOffer, offerView, recordActivity, requireTransition } from './steps.js';

export interface AddRecipient {
  offerId: string;
  recipient: RecipientInputT;
}

export async function addRecipient(ctx: Context, { offerId, recipient: input }: AddRecipient) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lockOffer(ctx, tx, offerId);
    requireTransition(row, 'add_recipient');
    const existing = await recipientsRepo.listRecipients(tx, ctx.organisationId, [row.id]);
    if (existing.length >= MAX_RECIPIENTS) throw tooManyRecipients('email');
    const recipient = await addRecipientRow(ctx, tx, row.id, input);
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, { updated_at: ctx.deps.clock.now() });
    // An invitation only makes sense once there is something to see; publishing invites the others.
    const invited =
      input.sendEmail === true && row.published
        ? await queueOfferInvitation(ctx.deps, tx, {
            organisationId: ctx.organisationId,
            offerId: row.id,
            recipientId: recipient.id,
            customMessage: null,
          })
        : false;
    await recordActivity(ctx, tx, row, 'recipient.added', {
      recipientId: recipient.id,
      email: recipient.email,
      role: recipient.role,
      sendEmail: input.sendEmail ?? false,
      invitationQueued: invited,
    });
    const offer = await offerView(ctx, tx, updated);
    await enqueueEvents(ctx, tx, row, ['offer.updated'], offer);
    return offer;
  });
}
