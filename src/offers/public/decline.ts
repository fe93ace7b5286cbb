// Declining (offerpay extension): a signer says no to the published version, with an optional reason.
// The offer's status stays as the seed defines it; the decline is kept on the recipient (migration 25),
// recorded as an activity and sent as `offer.recipient.declined`, and it stops signing and accepting of
// that version until the seller publishes again.
import type { Context } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isoDate } from '../../platform/time.js';
import * as offersRepo from '../repository.js';
import { enqueueEvents, offerView, recordActivity } from '../steps.js';
import { assertNotDeclined, invalidBody, withRow } from './rules.js';
import { assertNotExpired, forbidReader, lockByToken } from './access.js';
import * as repo from './repository.js';
import { publicView, type PublicView, type RecipientState } from './view.js';

export const MAX_DECLINE_REASON = 1000;

export interface DeclineInput {
  token: string;
  /** As typed; '' or absent for no reason. */
  reason: string;
}

/** Before acceptance only: an offer accepted or signed is a contract, not an offer to decline. */
const DECLINABLE = new Set(['open', 'signing']);

export async function declineOffer(ctx: Context<null>, input: DeclineInput): Promise<PublicView> {
  const reason = input.reason.trim();
  const state = await ctx.deps.db.transaction(async (tx): Promise<RecipientState> => {
    const { offer, recipient, recipients } = await lockByToken(tx, input.token);
    assertNotExpired(ctx.deps, offer);
    forbidReader(recipient, 'declining');
    if (recipient.role !== 'sign') throw new AppError('forbidden', 'Only a recipient with role "sign" declines the offer.');
    if (reason.length > MAX_DECLINE_REASON)
      throw invalidBody([{ propertyPath: 'reason', message: `At most ${MAX_DECLINE_REASON} characters.` }]);
    if (!DECLINABLE.has(offer.status)) throw new AppError('invalid_state', `The offer is "${offer.status}" and can no longer be declined.`);
    if (recipient.signing_status === 'signed') throw new AppError('invalid_state', 'You have signed this offer already.');
    assertNotDeclined(offer, recipients);

    const now = ctx.deps.clock.now();
    const me = await repo.updateRecipient(
      tx,
      offer.organisation_id,
      recipient.id,
      { declined_at: now, decline_reason: reason || null },
      `${isoDate(now)} declined`,
    );
    const all = withRow(recipients, me);
    await recordActivity(ctx, tx, offer, 'recipient.declined', {
      recipientId: recipient.id,
      email: recipient.email,
      role: recipient.role,
      reason: reason || null,
      versionHash: offer.published_version_hash,
    });
    const updated = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, { updated_at: now });
    // The offer as every event carries it, plus who declined and why (offerpay extension).
    const decline = { recipientId: recipient.id, email: recipient.email, reason: reason || null, declinedAt: isoDate(now) };
    await enqueueEvents(ctx, tx, updated, ['offer.recipient.declined'], { ...(await offerView(ctx, tx, updated, all)), decline });
    return { offer: updated, recipient: me, recipients: all };
  });
  return publicView(ctx.deps, input.token, state);
}
