// Request parsing of the recipient's side, shared by the Public offer API and the page's forms:
// raw JSON, form or multipart fields → the use cases' typed inputs, and the recipient's context.
import type { FastifyRequest } from 'fastify';
import { requestMeta, type Context } from '../../platform/context.js';
import { mediaDirOf } from '../../documents/media-store.js';
import type { Deps } from '../../platform/deps.js';
import { readForm, type UploadLimits } from '../../platform/multipart.js';
import type { AcceptInput } from './accept.js';
import type { DeclineInput } from './decline.js';
import { checkInvoiceDetails, MAX_PURCHASE_ORDER_BYTES, type InvoiceDetailsInput } from './invoice-details.js';
import type { SignInput } from './sign.js';

/** The organisation is unknown until the link token resolves, hence `Context<null>`. */
export const recipientContext = (deps: Deps, request: FastifyRequest): Context<null> => ({
  deps,
  organisationId: null,
  actor: { kind: 'recipient' },
  request: requestMeta(request),
});

/** A JSON true or a ticked checkbox, however the form spells it. */
const consentGiven = (v: unknown) => v === true || v === 'true' || v === 'on' || v === '1' || v === 'yes';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export type Fields = Record<string, unknown>;

export const acceptInput = (token: string, body: Fields): AcceptInput => ({ token, consent: consentGiven(body.consent) });

export const signInput = (token: string, body: Fields): SignInput => ({
  token,
  fullName: text(body.fullName),
  consent: consentGiven(body.consent),
  signatureImage: text(body.signatureImage),
});

export const PURCHASE_ORDER_UPLOAD: UploadLimits = {
  fileField: 'purchaseOrder',
  wrongFieldMessage: 'Send the purchase order as "purchaseOrder".',
  maxFileBytes: MAX_PURCHASE_ORDER_BYTES,
  maxFields: 30,
};

/** The fields and the optional purchase-order file of a multipart or JSON body. */
export async function invoiceDetailsInput(deps: Deps, token: string, request: FastifyRequest): Promise<InvoiceDetailsInput> {
  return (await invoiceDetailsForm(deps, token, request)).input;
}

/** invoiceDetailsInput, and the fields as sent (the page shows a failed form again as typed). */
export async function invoiceDetailsForm(
  deps: Deps,
  token: string,
  request: FastifyRequest,
): Promise<{ input: InvoiceDetailsInput; fields: Fields }> {
  const { fields, file } = await readForm(request, PURCHASE_ORDER_UPLOAD, mediaDirOf(deps));
  const details = checkInvoiceDetails(fields);
  // An empty file input (a form sent without choosing a file) counts as none.
  return { input: file && file.sizeBytes > 0 ? { token, details, purchaseOrder: file } : { token, details }, fields };
}

export const declineInput = (token: string, body: Fields): DeclineInput => ({ token, reason: text(body.reason) });
