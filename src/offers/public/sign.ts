// E-signature: a typed name, a drawn signature and consent. Signers first, countersigners last (the
// recipient state table says who may sign from where); the last signature completes the offer, or
// waits for the invoice details. Completing renders the documents after the commit (completion.ts).
import type { Context } from '../../platform/context.js';
import { sha256 } from '../../platform/crypto.js';
import { AppError, type Violation } from '../../platform/errors.js';
import { isoDate } from '../../platform/time.js';
import { finishCompletion, planCompletion, type Completion } from '../completion.js';
import { OfferWrites } from '../offer-writes.js';
import { nextSigningStatus, type RecipientRole, type SigningStatus } from '../recipient-states.js';
import { requireTransition } from '../steps.js';
import { assertNotExpired, forbidReader, lockByToken } from './access.js';
import { assertNotDeclined, invalidBody, mayCountersign, signatureEvidence } from './rules.js';
import { parseSignatureImage } from './signature-image.js';
import { publicView, type PublicView, type RecipientState } from './view.js';

export interface SignInput {
  token: string;
  /** As typed (trimmed here); '' when missing. */
  fullName: string;
  consent: boolean;
  /** A PNG data URL or bare base64; '' when missing. */
  signatureImage: string;
}

export async function signOffer(ctx: Context<null>, input: SignInput): Promise<PublicView> {
  const { state, completion } = await ctx.deps.db.transaction(async (tx) => {
    const { offer, recipient, recipients } = await lockByToken(tx, input.token);
    assertNotExpired(ctx.deps, offer);
    assertNotDeclined(offer, recipients);
    forbidReader(recipient, 'signing');
    const violations: Violation[] = [];
    const fullName = input.fullName.trim();
    if (fullName.length < 2 || fullName.length > 200)
      violations.push({ propertyPath: 'fullName', message: 'Type your full name (2 to 200 characters).' });
    if (!input.consent) violations.push({ propertyPath: 'consent', message: 'Explicit consent is required (consent: true).' });
    if (violations.length > 0) throw invalidBody(violations);
    const image = parseSignatureImage(input.signatureImage);
    if (offer.acceptance_mode !== 'esignature' || offer.status !== 'signing') {
      throw new AppError('invalid_state', `The offer is "${offer.status}" and not open for e-signature.`);
    }
    if (recipient.signing_status === 'signed') throw new AppError('invalid_state', 'You have signed this offer already.');
    const role = recipient.role as RecipientRole;
    if (role === 'countersigner' && !mayCountersign(recipients))
      throw new AppError('invalid_state', 'The countersigner signs after every signer.');
    const signed = nextSigningStatus(role, recipient.signing_status as SigningStatus, role === 'countersigner' ? 'countersign' : 'sign');
    if (signed === null) throw new AppError('invalid_state', 'This offer was not published to you for signing.');

    const now = ctx.deps.clock.now();
    // Every write below goes out as one statement at the end (offer-writes.ts).
    const w = new OfferWrites(ctx, offer, recipients);
    const me = w.updateRecipient(
      recipient.id,
      { ...signatureEvidence(ctx, now), signing_status: signed, signature_name: fullName, signature_image: image },
      `${isoDate(now)} signed as "${fullName}"`,
    );
    w.activity('recipient.signed', {
      recipientId: recipient.id,
      email: recipient.email,
      role: recipient.role,
      fullName,
      consent: true,
      versionHash: offer.published_version_hash,
      signatureSha256: sha256(image).toString('hex'),
    });
    w.updateOffer({ updated_at: now });
    w.emit(['offer.recipient.signed']);

    let completion: Completion | null = null;
    if (mayCountersign(w.recipients)) {
      // Countersigners sign last: once every signer has signed, they are asked (not_started → pending).
      for (const r of w.recipients) {
        const asked = nextSigningStatus(r.role as RecipientRole, r.signing_status as SigningStatus, 'request_countersignature');
        if (asked) w.updateRecipient(r.id, { signing_status: asked }, `${isoDate(now)} asked to countersign`);
      }
      const complete = !w.recipients.some((r) => r.role === 'countersigner' && r.signing_status !== 'signed');
      if (complete) {
        const withDetails = offer.captured_invoice_details !== null;
        const to = requireTransition(offer, withDetails ? 'complete_signing' : 'await_invoice_details');
        w.updateOffer({ status: to, updated_at: now });
        w.activity('offer.signing_completed', {
          signers: w.recipients.filter((r) => r.role !== 'read' && r.signing_status === 'signed').map((r) => r.id),
        });
        w.emit(['offer.accepted']);
        if (to === 'signed') completion = planCompletion(ctx, w);
      }
    }
    await w.flush(tx);
    const all = w.recipients;
    const state: RecipientState = { offer: w.offer, recipient: all.find((r) => r.id === me.id)!, recipients: all };
    return { state, completion };
  });
  // After the commit: the signed PDF and the audit trail, from the committed snapshot.
  if (completion) state.offer = await finishCompletion(ctx.deps, completion, state.recipients);
  return publicView(ctx.deps, input.token, state);
}
