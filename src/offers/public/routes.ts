// The Public offer API: the recipient's side, under one prefix, /public/offers/{token}. No login:
// the token of the recipient's personal link (PUBLIC_URL/o/{token}) is the credential. Errors are
// problem+json like the rest of the Offers API (404 unknown/removed/archived/unpublished, 410
// expired, 403 role, 409 state, 413 size, 422 input).
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { problem } from '../../platform/schemas.js';
import * as service from './service.js';

const errors = {
  404: problem('Unknown link, removed recipient, archived or unpublished offer'),
  410: problem('The offer expired (validUntil passed before acceptance)'),
};
const actionErrors = {
  ...errors,
  403: problem('The recipient\'s role does not allow this action'),
  409: problem('Not allowed in the offer\'s current status'),
  413: problem('An upload or image is too large'),
  422: problem('The request body is invalid'),
};

const TokenParams = Type.Object({ token: Type.String({ description: 'The token of the recipient\'s link (the part after /o/)' }) });
const PublicView = Type.Unsafe<unknown>({
  type: 'object',
  additionalProperties: true,
  description: 'The recipient\'s view: the published version only (offer.content), the recipient, the participants, the allowed actions and document links',
});
const AcceptBody = Type.Object({ consent: Type.Boolean({ description: 'Must be true: the recipient explicitly accepts' }) }, { additionalProperties: false });
const SignBody = Type.Object(
  {
    fullName: Type.String({ description: 'The signer\'s full name, typed' }),
    signatureImage: Type.String({ description: 'The drawn signature: a PNG data URL or base64, at most 200 KB decoded (413 beyond)' }),
    consent: Type.Boolean({ description: 'Must be true: consent to sign electronically' }),
  },
  { additionalProperties: false },
);
export const metaOf = (request: FastifyRequest): Omit<service.PublicContext, 'deps'> => ({
  ip: request.ip ?? null,
  userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 500) : null,
});

/** Fields and the optional purchase-order file of a multipart or JSON body. */
export async function invoiceDetailsInput(request: FastifyRequest): Promise<{ fields: Record<string, unknown>; file?: service.PurchaseOrderFile }> {
  const fields: Record<string, unknown> = {};
  let file: service.PurchaseOrderFile | undefined;
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer(); // 413 past the file size limit
        if (part.fieldname !== 'purchaseOrder') throw new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath: part.fieldname, message: 'Send the purchase order as "purchaseOrder".' }]);
        if (content.length > 0) file = { filename: part.filename || null, content };
      } else {
        fields[part.fieldname] = part.value;
      }
    }
  } else if (request.body && typeof request.body === 'object') {
    Object.assign(fields, request.body);
  }
  return { fields, ...(file ? { file } : {}) };
}

export const sendFile = (reply: FastifyReply, file: service.FileOut, disposition: 'attachment' | 'inline' = 'attachment') =>
  reply
    .header('content-type', file.contentType)
    .header('content-disposition', `${disposition}; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.content);

export function publicOfferRoutes(app: App, deps: Deps): void {
  const tags = ['Public offer'];
  const ctx = (request: FastifyRequest): service.PublicContext => ({ deps, ...metaOf(request) });
  const base = '/public/offers/:token';

  app.get(base, {
    schema: { tags, security: [], summary: 'Read the published offer (the first read is recorded)', params: TokenParams, response: { 200: PublicView, ...errors } },
    handler: async (request, reply) => reply.header('cache-control', 'no-store').send(await service.readOffer(ctx(request), request.params.token)),
  });

  app.post(`${base}/accept`, {
    schema: { tags, security: [], summary: 'Accept the offer (click mode, role sign): → awaiting_invoice_details', params: TokenParams, body: AcceptBody, response: { 200: PublicView, ...actionErrors } },
    handler: async (request) => service.acceptOffer(ctx(request), request.params.token, request.body as Record<string, unknown>),
  });

  app.post(`${base}/sign`, {
    schema: { tags, security: [], summary: 'Sign the offer (e-signature mode): typed name, drawn signature, consent', params: TokenParams, body: SignBody, response: { 200: PublicView, ...actionErrors } },
    handler: async (request) => service.signOffer(ctx(request), request.params.token, request.body as Record<string, unknown>),
  });

  for (const [path, which, summary] of [
    ['document', 'offer', 'Download the offer as published (PDF)'],
    ['signed-document', 'signed', 'Download the signed PDF (404 until signed)'],
    ['audit-log', 'audit', 'Download the audit trail PDF (404 until signed)'],
  ] as const) {
    app.get(`${base}/${path}`, {
      schema: { tags, security: [], summary, params: TokenParams, response: { ...errors, ...(which === 'audit' ? { 403: actionErrors[403] } : {}) } },
      handler: async (request, reply) => {
        const file = which === 'offer' ? await service.offerPdf(ctx(request), request.params.token) : await service.storedDocument(ctx(request), request.params.token, which);
        return sendFile(reply, file);
      },
    });
  }

  // Multipart only in this scope (the purchase-order upload).
  void app.register(async (plain) => {
    const scope = plain as unknown as App;
    await scope.register(multipart, { limits: { fileSize: service.MAX_PURCHASE_ORDER_BYTES, files: 1, fields: 30, fieldSize: 1024 }, throwFileSizeLimit: true });
    scope.post(`${base}/invoice-details`, {
      bodyLimit: service.MAX_PURCHASE_ORDER_BYTES + 64 * 1024,
      schema: {
        tags,
        security: [],
        summary: 'Give the invoice details (and optionally upload a purchase order PDF ≤ 20 MB)',
        description: 'In awaiting_invoice_details the offer becomes signed; during e-signature the details are kept and the last signature completes the offer.',
        consumes: ['application/json', 'multipart/form-data'],
        params: TokenParams,
        response: { 200: PublicView, ...actionErrors },
      },
      handler: async (request) => {
        const { fields, file } = await invoiceDetailsInput(request);
        return service.submitInvoiceDetails(ctx(request), request.params.token, fields, file);
      },
    });
  });
}
