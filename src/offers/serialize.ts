// Rows → the wire shape of Offer-OfferRead. One place, used by every read and by outbox payloads.
import { FALLBACK_TAX_RATE } from '../organisations/profile.js';
import { decryptLinkToken } from '../platform/decrypted-links.js';
import { isoDate } from '../platform/time.js';
import type { ListedOffer } from './list-repository.js';
import type { RecipientRow } from './recipients-repository.js';
import type { LineItem } from './contract-value.js';
import type { OfferReadT } from './schemas.js';
import { offerTotals } from './totals.js';

export interface LinkContext {
  publicUrl: string;
  secretKey: Buffer;
}

/** The human offer number, as Fynn shows it (`ANG-1042`); ordering uses the integer. */
export const offerNumber = (n: bigint): string => `ANG-${n}`;

export const recipientLink = (ctx: LinkContext, row: Pick<RecipientRow, 'link_token_encrypted'>): string =>
  `${ctx.publicUrl}/o/${decryptLinkToken(ctx.secretKey, row.link_token_encrypted)}`;

export function serializeRecipient(ctx: LinkContext, r: RecipientRow) {
  return {
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    role: r.role,
    createdAt: isoDate(r.created_at),
    signingStatus: r.signing_status,
    signingLog: r.signing_log,
    signedDocument: r.signed_document_id,
    link: recipientLink(ctx, r),
  };
}

/**
 * The totals extension. Lines written since tax rates exist carry their rate; an older line without
 * one counts at FALLBACK_TAX_RATE (the read model is built without I/O, so not the profile's default).
 */
export function serializeTotals(items: readonly LineItem[]): OfferReadT['totals'] {
  const totals = offerTotals(items, FALLBACK_TAX_RATE);
  if (!totals) return null;
  return {
    currency: totals.currency,
    intervals: totals.intervals.map((t) => ({
      interval: t.interval,
      subtotalCents: String(t.subtotalCents),
      discountCents: String(t.discountCents),
      netCents: String(t.netCents),
      taxes: t.taxes.map((tax) => ({ rate: tax.rate, netCents: String(tax.netCents), taxCents: String(tax.taxCents) })),
      grossCents: String(t.grossCents),
    })),
  };
}

/** Reads only the columns of ListedOffer, so the list can leave out the rest. */
export function serializeOffer(ctx: LinkContext, o: ListedOffer, recipients: readonly RecipientRow[]): OfferReadT {
  return {
    id: o.id,
    subscription: (o.subscription as OfferReadT['subscription']) ?? null,
    customer: (o.customer as OfferReadT['customer']) ?? null,
    number: offerNumber(o.number),
    name: o.name,
    status: o.status,
    sections: o.sections,
    customVariables: o.custom_variables,
    locale: o.locale,
    recipients: recipients.map((r) => serializeRecipient(ctx, r)),
    purchaseOrderDocument: o.purchase_order_document_id,
    auditLogDocument: o.audit_log_document_id,
    signedDocument: o.signed_document_id,
    signedAt: isoDate(o.signed_at),
    autoActivateSubscription: o.auto_activate_subscription,
    crmDealId: o.crm_deal_id,
    acceptanceMode: o.acceptance_mode,
    dealType: o.deal_type,
    validUntil: isoDate(o.valid_until),
    cachedContractValueCents: o.cached_contract_value_cents === null ? null : String(o.cached_contract_value_cents),
    cachedContractValueCurrency: o.cached_contract_value_currency,
    createdAt: isoDate(o.created_at),
    updatedAt: isoDate(o.updated_at),
    capturedInvoiceDetails: o.captured_invoice_details,
    contactPerson: (o.contact_person as OfferReadT['contactPerson']) ?? null,
    signed: o.signed,
    // issuedAt is a non-nullable string in the seed: absent until the first publish.
    ...(o.issued_at ? { issuedAt: isoDate(o.issued_at) } : {}),
    publishedVersionHash: o.published_version_hash,
    currentVersionHash: o.current_version_hash,
    blocks: o.blocks,
    lineItems: o.line_items as OfferReadT['lineItems'],
    totals: serializeTotals(o.line_items as LineItem[]),
  } as OfferReadT;
}
