// Click acceptance (role sign, click or print mode): open → awaiting_invoice_details.
import type { Context } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isoDate } from '../../platform/time.js';
import { OfferWrites } from '../offer-writes.js';
import { requireTransition } from '../steps.js';
import { assertNotExpired, forbidReader, lockByToken } from './access.js';
import { assertNotDeclined, invalidBody, personName, signatureEvidence } from './rules.js';
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
    // Every write below goes out as one statement (offer-writes.ts).
    const w = new OfferWrites(ctx, offer, recipients);
    const me = w.updateRecipient(
      recipient.id,
      { ...signatureEvidence(ctx, now), signature_name: personName(recipient) },
      `${isoDate(now)} accepted`,
    );
    w.updateOffer({ status: to, updated_at: now });
    w.activity('offer.accepted', {
      recipientId: recipient.id,
      email: recipient.email,
      mode: 'click',
      consent: true,
      versionHash: offer.published_version_hash,
    });
    w.emit(['offer.accepted']);
    await w.flush(tx);
    return { offer: w.offer, recipient: me, recipients: w.recipients };
  });
  return publicView(ctx.deps, input.token, state);
}
