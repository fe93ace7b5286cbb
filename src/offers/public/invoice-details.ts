// The invoice details (billing address, VAT ID, Leitweg-ID …) and an optional purchase-order PDF,
// given by a signer: in awaiting_invoice_details they complete the offer; during e-signature they
// are kept and the last signature completes it.
import crypto from 'node:crypto';
import { putMedia } from '../../documents/media-store.js';
import type { Context } from '../../platform/context.js';
import { AppError, type Violation } from '../../platform/errors.js';
import type { UploadedFile } from '../../platform/multipart.js';
import { isoDate } from '../../platform/time.js';
import { finishCompletion, planCompletion, type Completion } from '../completion.js';
import { OfferWrites } from '../offer-writes.js';
import { requireTransition } from '../steps.js';
import { assertNotExpired, forbidReader, lockByToken } from './access.js';
import { assertNotDeclined, invalidBody } from './rules.js';
import { publicView, type PublicView, type RecipientState } from './view.js';

export const MAX_PURCHASE_ORDER_BYTES = 20 * 1024 * 1024;

/** The details as checked when the request was read; a bad body is answered after the link and role checks. */
export type CheckedInvoiceDetails = { ok: true; details: Record<string, string> } | { ok: false; violations: Violation[] };

/** The invoice-detail fields a recipient may send (the purchase order travels as a file beside them). */
export const FIELDS = [
  'companyName',
  'firstName',
  'lastName',
  'street',
  'addressLine2',
  'zip',
  'city',
  'country',
  'vatId',
  'email',
  'phone',
  'poNumber',
  'costCenter',
  'leitwegId',
] as const;
const REQUIRED = new Set(['companyName', 'street', 'zip', 'city', 'country', 'email']);

/** Validates and normalises the invoice details: only the fields given (all strings), or what is wrong. */
export function checkInvoiceDetails(input: Record<string, unknown>): CheckedInvoiceDetails {
  const out: Record<string, string> = {};
  const violations: Violation[] = [];
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key) && key !== 'consent')
      violations.push({ propertyPath: key, message: `Unknown field "${key}".` });
  }
  for (const key of FIELDS) {
    const raw = input[key];
    if (raw === undefined || raw === null || raw === '') {
      if (REQUIRED.has(key)) violations.push({ propertyPath: key, message: 'This value is required.' });
      continue;
    }
    if (typeof raw !== 'string') {
      violations.push({ propertyPath: key, message: 'This value should be a string.' });
      continue;
    }
    const value = raw.trim();
    if (value.length === 0 && REQUIRED.has(key)) violations.push({ propertyPath: key, message: 'This value is required.' });
    else if (value.length > 200) violations.push({ propertyPath: key, message: 'At most 200 characters.' });
    else if (value.length > 0) out[key] = value;
  }
  const check = (key: string, ok: (v: string) => boolean, message: string) => {
    if (out[key] !== undefined && !ok(out[key]!)) violations.push({ propertyPath: key, message });
  };
  if (out.country) out.country = out.country.toUpperCase();
  if (out.vatId) out.vatId = out.vatId.replace(/[\s.-]/g, '').toUpperCase();
  check('country', (v) => /^[A-Z]{2}$/.test(v), 'A two-letter ISO 3166 country code, e.g. DE.');
  check('email', (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) && v.length <= 254, 'A valid e-mail address.');
  check('zip', (v) => /^[A-Za-z0-9 -]{2,10}$/.test(v), 'A postal code of 2 to 10 letters, digits, spaces or dashes.');
  check('vatId', (v) => /^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(v), 'A VAT identification number such as DE123456789.');
  check('leitwegId', (v) => /^[0-9]{2,12}(-[0-9A-Za-z]{1,30})?-[0-9]{2}$/.test(v), 'A Leitweg-ID such as 04011000-1234512345-06.');
  return violations.length > 0 ? { ok: false, violations } : { ok: true, details: out };
}

/** checkInvoiceDetails, throwing the 422. */
export function parseInvoiceDetails(input: Record<string, unknown>): Record<string, string> {
  const checked = checkInvoiceDetails(input);
  if (!checked.ok) throw invalidBody(checked.violations);
  return checked.details;
}

export interface InvoiceDetailsInput {
  token: string;
  details: CheckedInvoiceDetails;
  /** A non-empty upload (an empty file counts as none). */
  purchaseOrder?: UploadedFile;
}

export async function submitInvoiceDetails(ctx: Context<null>, input: InvoiceDetailsInput): Promise<PublicView> {
  const { state, completion } = await ctx.deps.db.transaction(async (tx) => {
    const { offer, recipient, recipients } = await lockByToken(tx, input.token);
    assertNotExpired(ctx.deps, offer);
    assertNotDeclined(offer, recipients);
    forbidReader(recipient, 'submitting invoice details');
    if (recipient.role !== 'sign') throw new AppError('forbidden', 'Only a recipient with role "sign" gives the invoice details.');
    if (!input.details.ok) throw invalidBody(input.details.violations);
    const details = input.details.details;
    const file = input.purchaseOrder;
    if (file && file.head.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw invalidBody([{ propertyPath: 'purchaseOrder', message: 'The purchase order must be a PDF.' }]);
    // During signing the details may come first; they are kept and the last signature completes the offer.
    const during = offer.status === 'signing';
    if (during && offer.captured_invoice_details !== null) throw new AppError('invalid_state', 'The invoice details were given already.');
    const to = during ? 'signing' : requireTransition(offer, 'capture_invoice_details');
    const now = ctx.deps.clock.now();
    let poId: string | null = null;
    if (file) {
      poId = crypto.randomUUID();
      await putMedia(ctx.deps, tx, {
        id: poId,
        organisationId: offer.organisation_id,
        offerId: offer.id,
        kind: 'purchase_order',
        filename: file.filename,
        contentType: 'application/pdf',
        content: file.content,
        createdAt: now,
      });
    }
    // The writes below go out as one statement (offer-writes.ts).
    const w = new OfferWrites(ctx, offer, recipients);
    w.updateOffer({
      status: to,
      captured_invoice_details: details,
      purchase_order_document_id: poId ?? offer.purchase_order_document_id,
      updated_at: now,
    });
    const me = w.updateRecipient(recipient.id, {}, `${isoDate(now)} gave invoice details`);
    w.activity('offer.invoice_details_captured', {
      recipientId: recipient.id,
      email: recipient.email,
      fields: Object.keys(details),
      purchaseOrderDocument: poId,
    });
    w.emit(['offer.invoice_details_captured']);
    const completion: Completion | null = to === 'signed' ? planCompletion(ctx, w) : null;
    await w.flush(tx);
    const state: RecipientState = { offer: w.offer, recipient: me, recipients: w.recipients };
    return { state, completion };
  });
  // After the commit: the signed PDF and the audit trail, from the committed snapshot.
  if (completion) state.offer = await finishCompletion(ctx.deps, completion, state.recipients);
  return publicView(ctx.deps, input.token, state);
}
