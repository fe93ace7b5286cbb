// Click acceptance (role sign, click or print mode): open → awaiting_invoice_details.
import type { Context } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isoDate } from '../../platform/time.js';
import * as offersRepo from '../repository.js';
import { enqueueEvents, offerView, recordActivity, requireTransition } from '../steps.js';
import { assertNotExpired, forbidReader, lockByToken } from './access.js';
import * as repo from './repository.js';
import { assertNotDeclined, invalidBody, personName, signatureEvidence, withRow } from './rules.js';
import { publicView, type PublicView, type RecipientState } from './view.js';

export interface AcceptInput {
  token: string;
  /** The recipient ticked the consent box (any of its spellings, see requests.ts). */
  consent: boolean;
}

export async function acceptOffer(ctx: Context<null>, input: AcceptInput): Promise<PublicView> {
  const state = await ctx.deps.db.transaction(async (tx): Promise<RecipientState> => {
    const { offer, recipient, recipients } = await lockByToken(tx, input.token);
    assertNotExpired(ctx.deps, offer);
    assertNotDeclined(offer, recipients);
    forbidReader(recipient, 'accepting');
    if (recipient.role !== 'sign') throw new AppError('forbidden', 'Only a recipient with role "sign" accepts the offer.');
    if (!input.consent) throw invalidBody([{ propertyPath: 'consent', message: 'Explicit consent is required (consent: true).' }]);
    if (offer.acceptance_mode === 'esignature')
      throw new AppError('invalid_state', 'This offer is accepted by e-signature; sign it instead.');
    const to = requireTransition(offer, 'await_invoice_details');
    const now = ctx.deps.clock.now();
    const me = await repo.updateRecipient(
      tx,
      offer.organisation_id,
      recipient.id,
      { ...signatureEvidence(ctx, now), signature_name: personName(recipient) },
      `${isoDate(now)} accepted`,
    );
    const all = withRow(recipients, me);
    const updated = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, { status: to, updated_at: now });
    await recordActivity(ctx, tx, offer, 'offer.accepted', {
      recipientId: recipient.id,
      email: recipient.email,
      mode: 'click',
      consent: true,
      versionHash: offer.published_version_hash,
    });
    await enqueueEvents(ctx, tx, updated, ['offer.accepted'], await offerView(ctx, tx, updated, all));
    return { offer: updated, recipient: me, recipients: all };
  });
  return publicView(ctx.deps, input.token, state);
}
