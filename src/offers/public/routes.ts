// The Public offer API: the recipient's side, under one prefix, /public/offers/{token}. No login:
// the token of the recipient's personal link (PUBLIC_URL/o/{token}) is the credential. Errors are
// problem+json like the rest of the Offers API (404 unknown/removed/archived/unpublished, 410
// expired, 403 role, 409 state, 413 size, 422 input).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import { AppError } from '../../platform/errors.js';
import type { App, Deps } from '../../platform/deps.js';
import { registerUploadScope, uploadBodyLimit } from '../../platform/multipart.js';
import { problem } from '../../platform/schemas.js';
import { acceptOffer } from './accept.js';
import { declineOffer, MAX_DECLINE_REASON } from './decline.js';
import { offerPdf, RENDER_RETRY_AFTER_S, storedDocument, type FileOut } from './documents.js';
import { submitInvoiceDetails } from './invoice-details.js';
import {
  acceptInput,
  declineInput,
  invoiceDetailsInput,
  PURCHASE_ORDER_UPLOAD,
  recipientContext,
  signInput,
  type Fields,
} from './requests.js';
import { signOffer } from './sign.js';
import { readOffer } from './view.js';

const errors = {
  404: problem('Unknown link, removed recipient, archived or unpublished offer'),
  410: problem('The offer expired (validUntil passed before acceptance)'),
};
const actionErrors = {
  ...errors,
  403: problem("The recipient's role does not allow this action"),
  409: problem("Not allowed in the offer's current status"),
  413: problem('An upload or image is too large'),
  422: problem('The request body is invalid'),
};

const TokenParams = Type.Object({ token: Type.String({ description: "The token of the recipient's link (the part after /o/)" }) });
const PublicView = Type.Unsafe<unknown>({
  type: 'object',
  additionalProperties: true,
  description:
    "The recipient's view: the published version only (offer.content), the recipient, the participants, the allowed actions and document links",
});
const AcceptBody = Type.Object(
  { consent: Type.Boolean({ description: 'Must be true: the recipient explicitly accepts' }) },
  { additionalProperties: false },
);
const SignBody = Type.Object(
  {
    fullName: Type.String({ description: "The signer's full name, typed" }),
    signatureImage: Type.String({ description: 'The drawn signature: a PNG data URL or base64, at most 200 KB decoded (413 beyond)' }),
    consent: Type.Boolean({ description: 'Must be true: consent to sign electronically' }),
  },
  { additionalProperties: false },
);
const DeclineBody = Type.Object(
  {
    reason: Type.Optional(
      Type.String({ description: `Why the offer does not fit (optional, at most ${MAX_DECLINE_REASON} characters; the seller sees it)` }),
    ),
  },
  { additionalProperties: false },
);
/**
 * Sends stored bytes (a buffer or a file stream). With a known SHA-256 the answer carries it as a strong
 * ETag and may be revalidated (304 while If-None-Match names it); otherwise it is not kept at all.
 */
export function sendFile(reply: FastifyReply, file: FileOut, request?: FastifyRequest) {
  reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', file.sha256 ? 'private, no-cache' : 'no-store')
    .header('x-content-type-options', 'nosniff');
  if (file.sha256) {
    const etag = `"${file.sha256}"`;
    reply.header('etag', etag);
    if (request && fresh(request.headers, { etag })) {
      if (!Buffer.isBuffer(file.content)) file.content.destroy();
      return reply.code(304).send(null);
    }
  }
  return reply.send(file.content);
}

export function publicOfferRoutes(app: App, deps: Deps): void {
  const tags = ['Public offer'];
  const base = '/public/offers/:token';

  app.get(base, {
    schema: {
      tags,
      security: [],
      summary: 'Read the published offer (the first read is recorded)',
      params: TokenParams,
      response: { 200: PublicView, ...errors },
    },
    handler: async (request, reply) =>
      reply.header('cache-control', 'no-store').send(await readOffer(recipientContext(deps, request), { token: request.params.token })),
  });

  app.post(`${base}/accept`, {
    schema: {
      tags,
      security: [],
      summary: 'Accept the offer (click mode, role sign): → awaiting_invoice_details',
      params: TokenParams,
      body: AcceptBody,
      response: { 200: PublicView, ...actionErrors },
    },
    handler: async (request) => acceptOffer(recipientContext(deps, request), acceptInput(request.params.token, request.body as Fields)),
  });

  app.post(`${base}/sign`, {
    schema: {
      tags,
      security: [],
      summary: 'Sign the offer (e-signature mode): typed name, drawn signature, consent',
      params: TokenParams,
      body: SignBody,
      response: { 200: PublicView, ...actionErrors },
    },
    handler: async (request) => signOffer(recipientContext(deps, request), signInput(request.params.token, request.body as Fields)),
  });

  app.post(`${base}/decline`, {
    schema: {
      tags,
      security: [],
      summary: 'Decline the published version, optionally with a reason (offerpay extension)',
      description:
        "Role sign, before acceptance (open or signing) and before signing. The seller gets the activity `recipient.declined` and the event `offer.recipient.declined`; signing and accepting this version answer 409 until the seller publishes again. The offer's status does not change.",
      params: TokenParams,
      body: DeclineBody,
      response: { 200: PublicView, ...actionErrors },
    },
    handler: async (request) =>
      declineOffer(recipientContext(deps, request), declineInput(request.params.token, (request.body ?? {}) as Fields)),
  });

  for (const [path, which, summary] of [
    ['document', 'offer', 'Download the offer as published (PDF)'],
    ['signed-document', 'signed', 'Download the signed PDF (404 until signed)'],
    ['audit-log', 'audit', 'Download the audit trail PDF (404 until signed)'],
  ] as const) {
    app.get(`${base}/${path}`, {
      schema: {
        tags,
        security: [],
        summary,
        params: TokenParams,
        response: {
          ...errors,
          ...(which === 'audit' ? { 403: actionErrors[403] } : {}),
          ...(which === 'offer' ? { 503: problem('The version is still being rendered (Retry-After says when to ask again)') } : {}),
        },
      },
      handler: async (request, reply) => {
        const ctx = recipientContext(deps, request);
        const token = request.params.token;
        try {
          return sendFile(reply, which === 'offer' ? await offerPdf(ctx, { token }) : await storedDocument(ctx, { token, which }), request);
        } catch (error) {
          if (error instanceof AppError && error.code === 'unavailable') reply.header('retry-after', String(RENDER_RETRY_AFTER_S));
          throw error;
        }
      },
    });
  }

  // Multipart only in this scope (the purchase-order upload).
  registerUploadScope(app, PURCHASE_ORDER_UPLOAD, (scope) => {
    scope.post(`${base}/invoice-details`, {
      bodyLimit: uploadBodyLimit(PURCHASE_ORDER_UPLOAD),
      schema: {
        tags,
        security: [],
        summary: 'Give the invoice details (and optionally upload a purchase order PDF ≤ 20 MB)',
        description:
          'In awaiting_invoice_details the offer becomes signed; during e-signature the details are kept and the last signature completes the offer.',
        consumes: ['application/json', 'multipart/form-data'],
        params: TokenParams,
        response: { 200: PublicView, ...actionErrors },
      },
      handler: async (request) =>
        submitInvoiceDetails(recipientContext(deps, request), await invoiceDetailsInput(deps, request.params.token, request)),
    });
  });
}
