// The recipient's read model (the published version only, the participants, the allowed actions and
// the document links) and reading it: the first read is recorded (activity, outbox, signingLog).
import type { PublishedContent } from '../../documents/offer-documents.js';
import type { Context } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { isoDate } from '../../platform/time.js';
import { nextSigningStatus, type RecipientRole, type SigningStatus } from '../recipient-states.js';
import * as offersRepo from '../repository.js';
import { offerNumber } from '../serialize.js';
import { enqueueEvents, offerView, recordActivity } from '../steps.js';
import { assertNotExpired, isExpired, lockByToken } from './access.js';
import * as repo from './repository.js';
import { declinedBy, mayCountersign, withRow } from './rules.js';

export interface PublicView {
  offer: {
    id: string;
    number: string;
    name: string | null;
    status: string;
    locale: string;
    acceptanceMode: string;
    validUntil: string | null;
    expired: boolean;
    issuedAt: string | null;
    publishedVersionHash: string | null;
    signed: boolean;
    signedAt: string | null;
    content: PublishedContent;
    capturedInvoiceDetails: Record<string, string> | null;
    purchaseOrderUploaded: boolean;
    /** offerpay extension: set once a signer declined this version (the reason only to that signer). */
    declined: { at: string; byYou: boolean; reason: string | null } | null;
  };
  recipient: {
    id: string;
    email: string;
    firstName: string | null;
    lastName: string | null;
    role: string;
    signingStatus: string;
    signedAt: string | null;
  };
  participants: { firstName: string | null; lastName: string | null; role: string; signingStatus: string; signedAt: string | null }[];
  actions: { accept: boolean; sign: boolean; submitInvoiceDetails: boolean; decline: boolean };
  documents: { offer: string; signed: string | null; auditLog: string | null };
}

/** The state a use case answers with: the offer, the link's recipient and every recipient, as committed. */
export interface RecipientState {
  offer: offersRepo.OfferRow;
  recipient: repo.PublicRecipientRow;
  recipients: repo.PublicRecipientRow[];
}

function canSign(offer: offersRepo.OfferRow, me: repo.PublicRecipientRow, all: readonly repo.PublicRecipientRow[]): boolean {
  if (offer.acceptance_mode !== 'esignature' || offer.status !== 'signing') return false;
  if (me.role === 'sign') return me.signing_status === 'pending' || me.signing_status === 'started';
  if (me.role === 'countersigner') return me.signing_status !== 'signed' && me.signing_status !== 'archived' && mayCountersign(all);
  return false;
}

export function publicView(deps: Deps, token: string, { offer, recipient: me, recipients: all }: RecipientState): PublicView {
  const expired = isExpired(deps, offer);
  const decliner = declinedBy(offer, all);
  const open = !expired && decliner === null;
  const base = `${deps.config.publicUrl}/public/offers/${token}`;
  return {
    offer: {
      id: offer.id,
      number: offerNumber(offer.number),
      name: (offer.published_content?.name as string | null | undefined) ?? null,
      status: offer.status,
      locale: offer.locale,
      acceptanceMode: offer.acceptance_mode,
      validUntil: isoDate(offer.valid_until),
      expired,
      issuedAt: isoDate(offer.issued_at),
      publishedVersionHash: offer.published_version_hash,
      signed: offer.signed,
      signedAt: isoDate(offer.signed_at),
      content: offer.published_content as PublishedContent,
      // The buyer's billing data is shown to the buyer's signers only, not to readers or the countersigner.
      capturedInvoiceDetails: me.role === 'sign' ? offer.captured_invoice_details : null,
      purchaseOrderUploaded: offer.purchase_order_document_id !== null,
      declined: decliner
        ? {
            at: isoDate(decliner.declined_at)!,
            byYou: decliner.id === me.id,
            reason: decliner.id === me.id ? decliner.decline_reason : null,
          }
        : null,
    },
    recipient: {
      id: me.id,
      email: me.email,
      firstName: me.first_name,
      lastName: me.last_name,
      role: me.role,
      signingStatus: me.signing_status,
      signedAt: isoDate(me.signed_at),
    },
    participants: all
      .filter((r) => r.role !== 'read')
      .map((r) => ({
        firstName: r.first_name,
        lastName: r.last_name,
        role: r.role,
        signingStatus: r.signing_status,
        signedAt: isoDate(r.signed_at),
      })),
    actions: {
      accept: open && me.role === 'sign' && offer.acceptance_mode !== 'esignature' && offer.status === 'open',
      sign: open && canSign(offer, me, all),
      submitInvoiceDetails:
        open &&
        me.role === 'sign' &&
        (offer.status === 'awaiting_invoice_details' || (offer.status === 'signing' && offer.captured_invoice_details === null)),
      decline: open && me.role === 'sign' && (offer.status === 'open' || offer.status === 'signing') && me.signing_status !== 'signed',
    },
    documents: {
      offer: `${base}/document`,
      signed: offer.signed_document_id ? `${base}/signed-document` : null,
      // The audit trail names every participant's IP address and user agent: for the parties only, not readers.
      auditLog: offer.audit_log_document_id && me.role !== 'read' ? `${base}/audit-log` : null,
    },
  };
}

/** Reads the published version; the first read is recorded (activity, outbox, signingLog). */
export async function readOffer(ctx: Context<null>, input: { token: string }): Promise<PublicView> {
  const state = await ctx.deps.db.transaction(async (tx): Promise<RecipientState> => {
    let { offer, recipient, recipients } = await lockByToken(tx, input.token);
    assertNotExpired(ctx.deps, offer);
    if (recipient.viewed_at === null) {
      const now = ctx.deps.clock.now();
      // A signer opening the signing view moves pending → started.
      const next =
        offer.status === 'signing'
          ? nextSigningStatus(recipient.role as RecipientRole, recipient.signing_status as SigningStatus, 'open')
          : null;
      const started = next !== null && next !== recipient.signing_status;
      recipient = await repo.updateRecipient(
        tx,
        offer.organisation_id,
        recipient.id,
        { viewed_at: now, ...(started ? { signing_status: next } : {}) },
        `${isoDate(now)} viewed`,
      );
      recipients = withRow(recipients, recipient);
      await recordActivity(ctx, tx, offer, 'recipient.viewed', { recipientId: recipient.id, email: recipient.email, role: recipient.role });
      offer = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, { updated_at: now });
      await enqueueEvents(ctx, tx, offer, ['offer.recipient.viewed'], await offerView(ctx, tx, offer, recipients));
    }
    return { offer, recipient, recipients };
  });
  return publicView(ctx.deps, input.token, state);
}
