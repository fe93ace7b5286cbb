// Offers API routes (Fynn V2 offers, 2026-06): parse, validate, authenticate, one service call.
// Paths mix /offers and /api/offers exactly as the vendor's documentation does.
import { apiTokenResolver } from '../organisations/service.js';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf, requireApiToken } from '../platform/api-auth.js';
import type { App, Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { sendTagged } from '../platform/etag.js';
import { IdempotencyHeaders, idempotent } from '../platform/idempotency.js';
import { problem } from '../platform/schemas.js';
import { isoDate } from '../platform/time.js';
import { optionalBody } from '../platform/validation.js';
import { createOffersListCache, listCacheMetrics, listPage } from './list-cache.js';
import { parseListQuery } from './list-query.js';
import {
  AcceptResult, ActivityList, Approval, ApproveBody, CreateOfferBody, LineItemRead, OfferIdParams, OfferList, OfferRead,
  OfferStatusResult, PendingApprovalList, PendingApprovalQuery, PublishBody, PublishResult, RecipientInput, RecipientParams, RecipientRead, RejectBody, UpdateOfferBody,
} from './schemas.js';
import * as approvals from './approval/service.js';
import { publishOffer } from './publish.js';
import * as service from './service.js';

const MAX_PDF_BYTES = 20 * 1024 * 1024;

const errors = {
  400: problem('Invalid parameters'),
  401: problem('Missing or invalid token'),
  403: problem('The token lacks the permission'),
  404: problem('Offer not found or in another organisation'),
};
const stateErrors = { ...errors, 409: problem('Not allowed in the offer\'s current status'), 422: problem('The request body is invalid') };

const StrOrList = Type.Union([Type.String(), Type.Array(Type.String())]);
const Order = Type.Optional(Type.String({ description: 'asc or desc' }));
/** Documents the list's parameters; list-query.ts validates them all at once (also the bracketed forms). */
const ListQuerystring = Type.Object({
  page: Type.Optional(Type.String({ description: 'The collection page number: an integer ≥ 1, default 1' })),
  limit: Type.Optional(Type.String({ description: 'The number of items per page: 0 to 100, default 30' })),
  status: Type.Optional(StrOrList),
  'status[]': Type.Optional(Type.Array(Type.String())),
  contactPerson: Type.Optional(StrOrList),
  'contactPerson[]': Type.Optional(Type.Array(Type.String())),
  dealType: Type.Optional(StrOrList),
  'dealType[]': Type.Optional(Type.Array(Type.String())),
  acceptanceMode: Type.Optional(StrOrList),
  'acceptanceMode[]': Type.Optional(Type.Array(Type.String())),
  'exists[subscription]': Type.Optional(Type.String({ description: 'true or false' })),
  'order[number]': Order,
  'order[name]': Order,
  'order[status]': Order,
  'order[dealType]': Order,
  'order[acceptanceMode]': Order,
  'order[signedAt]': Order,
  'order[validUntil]': Order,
  'order[cachedContractValueCents]': Order,
  'order[createdAt]': Order,
  'order[updatedAt]': Order,
  signed: Type.Optional(Type.String({ description: 'true or false' })),
});

const ctxOf = (deps: Deps, request: FastifyRequest): service.OffersContext => {
  const principal = principalOf(request);
  return { deps, organisationId: principal.organisationId, actorId: principal.tokenId };
};

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Manual acceptance input, from multipart (`acceptedAt`, optional `file`) or JSON (`{acceptedAt}`). */
async function acceptInput(request: FastifyRequest): Promise<service.AcceptInput> {
  const fields: Record<string, unknown> = {};
  let file: service.AcceptInput['file'];
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer(); // throws 413 past the file size limit
        if (part.fieldname !== 'file') throw unprocessable(part.fieldname, 'Unknown file field; send the PDF as "file".');
        if (content.subarray(0, 5).toString('latin1') !== '%PDF-') throw unprocessable('file', 'The file must be a PDF.');
        file = { filename: part.filename || null, contentType: 'application/pdf', content };
      } else {
        fields[part.fieldname] = part.value;
      }
    }
  } else if (request.body && typeof request.body === 'object') {
    Object.assign(fields, request.body);
  }
  const acceptedAt = fields.acceptedAt;
  if (acceptedAt === undefined || acceptedAt === '') throw unprocessable('acceptedAt', 'This value is required.');
  if (typeof acceptedAt !== 'string' || !ISO_8601.test(acceptedAt) || Number.isNaN(Date.parse(acceptedAt))) {
    throw unprocessable('acceptedAt', 'This value should be an ISO-8601 date-time with offset.');
  }
  return { acceptedAt: new Date(acceptedAt), ...(file ? { file } : {}) };
}

const unprocessable = (propertyPath: string, message: string) => new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath, message }]);

export function offersRoutes(app: App, deps: Deps): void {
  for (const schema of [RecipientRead, LineItemRead, OfferRead]) app.addSchema(schema);
  const read = requireApiToken(apiTokenResolver(deps.db), 'offer:read');
  const write = requireApiToken(apiTokenResolver(deps.db), 'offer:write');
  const once = idempotent(deps);
  const tags = ['Offers'];
  const offer = Type.Ref(OfferRead);

  app.post('/offers', {
    preHandler: [write, once],
    schema: {
      headers: IdempotencyHeaders,
      tags,
      summary: 'Create an offer',
      description: 'A minimal body is {"name": "…"} (or {"title": "…"}); every other field is optional. Recipients may be given at creation.',
      body: CreateOfferBody,
      response: { 201: offer, ...errors, 422: problem('The request body is invalid') },
    },
    handler: async (request, reply) => reply.status(201).send(await service.createOffer(ctxOf(deps, request), request.body)),
  });

  const notModified = Type.Null({ description: 'Not modified: If-None-Match names the current ETag' });
  const listCache = createOffersListCache(deps.config.offersListCacheBytes);
  const countListCache = listCacheMetrics(app.metrics, listCache);
  app.get('/offers', {
    preHandler: requireApiToken(apiTokenResolver(deps.db, { withOffersListVersion: listCache !== null }), 'offer:read'),
    schema: {
      tags,
      summary: 'List offers',
      description: 'Answers carry an ETag; a request whose If-None-Match still matches gets 304 without a body.',
      operationId: 'listOffers',
      querystring: ListQuerystring,
      response: { 200: OfferList, 304: notModified, ...errors },
    },
    handler: async (request, reply) => {
      const query = parseListQuery(request.query as Record<string, unknown>);
      const ctx = ctxOf(deps, request);
      const version = principalOf(request).offersListVersion;
      const cache = listCache && version !== undefined ? { cache: listCache, version } : null;
      let page = cache?.cache.get(ctx.organisationId, cache.version, query);
      countListCache?.(page ? 'hit' : 'miss');
      if (!page) {
        // Serialized by the route's own response serializer, so a hit sends exactly what a miss would.
        page = listPage(Buffer.from(reply.serialize(await service.listOffers(ctx, query)) as string));
        cache?.cache.set(ctx.organisationId, cache.version, query, page);
      }
      return sendTagged(request, reply, page.body, page.etag);
    },
  });

  for (const url of ['/api/offers/:id', '/offers/:id']) {
    app.get(url, {
      preHandler: read,
      schema: {
        tags,
        summary: url.startsWith('/api') ? 'Get an offer' : 'Get an offer (alias of /api/offers/{id})',
        description: 'Answers carry an ETag; a request whose If-None-Match still matches gets 304 without a body.',
        params: OfferIdParams,
        response: { 200: offer, 304: notModified, ...errors },
      },
      handler: async (request, reply) =>
        sendTagged(request, reply, Buffer.from(reply.serialize(await service.getOffer(ctxOf(deps, request), request.params.id)) as string)),
    });
  }

  app.put('/offers/:id', {
    preHandler: write,
    schema: {
      tags,
      summary: 'Update an open offer',
      description: 'Partial update of the editable fields while the offer is open; a content change gives a new currentVersionHash.',
      params: OfferIdParams,
      body: UpdateOfferBody,
      response: { 200: offer, ...stateErrors },
    },
    handler: async (request) => service.updateOffer(ctxOf(deps, request), request.params.id, request.body),
  });

  app.post('/offers/:id/recipients', {
    preHandler: [write, once],
    schema: { headers: IdempotencyHeaders, tags, summary: 'Add a recipient', params: OfferIdParams, body: RecipientInput, response: { 201: offer, ...stateErrors } },
    handler: async (request, reply) => reply.status(201).send(await service.addRecipient(ctxOf(deps, request), request.params.id, request.body)),
  });

  app.delete('/offers/:id/recipients/:recipientId', {
    preHandler: write,
    schema: { tags, 'x-offerpay-extension': true, summary: 'Remove a recipient (x-offerpay-extension)', params: RecipientParams, response: { 200: offer, ...stateErrors } },
    handler: async (request) => service.removeRecipient(ctxOf(deps, request), request.params.id, request.params.recipientId),
  });

  app.post('/api/offers/:id/publish', {
    preHandler: [write, once],
    schema: { headers: IdempotencyHeaders, tags, summary: 'Publish an offer', params: OfferIdParams, body: Type.Optional(PublishBody), response: { 200: PublishResult, ...stateErrors } },
    handler: async (request) => publishOffer(ctxOf(deps, request), request.params.id, request.body ?? {}),
  });

  app.post('/offers/:id/cancel-signing', {
    preHandler: [write, once],
    schema: {
      headers: IdempotencyHeaders,
      tags,
      summary: 'Cancel a signing process',
      operationId: 'cancelOfferSigning',
      params: OfferIdParams,
      response: { 200: OfferStatusResult, ...errors, 409: problem('The offer is not in a signing state') },
    },
    handler: async (request) => service.cancelSigning(ctxOf(deps, request), request.params.id),
  });

  app.post('/offers/:id/archive', {
    preHandler: [write, once],
    schema: { headers: IdempotencyHeaders, tags, 'x-offerpay-extension': true, summary: 'Archive an offer (x-offerpay-extension)', params: OfferIdParams, response: { 200: offer, ...stateErrors } },
    handler: async (request) => service.archiveOffer(ctxOf(deps, request), request.params.id),
  });

  app.get('/api/offers/:id/activities', {
    preHandler: read,
    schema: { tags, summary: 'List an offer\'s activities (oldest first; never empty)', params: OfferIdParams, response: { 200: ActivityList, ...errors } },
    handler: async (request) => {
      const rows = await service.listActivities(ctxOf(deps, request), request.params.id);
      return { data: rows.map((a) => ({ id: a.id, type: a.type, data: a.data, createdAt: isoDate(a.created_at) })) };
    },
  });

  const approvalTags = ['Offer approval'];
  app.get('/api/offers/:id/approval', {
    preHandler: read,
    schema: { tags: approvalTags, summary: 'Get the internal approval state (staff only)', params: OfferIdParams, response: { 200: Approval, ...errors } },
    handler: async (request) => approvals.getApproval(ctxOf(deps, request), request.params.id),
  });

  app.get('/api/approval-requests', {
    preHandler: read,
    schema: {
      tags: approvalTags,
      'x-offerpay-extension': true,
      summary: 'List approval requests waiting for a decision (x-offerpay-extension); decidableByMe=true: those the calling token may decide now',
      querystring: PendingApprovalQuery,
      response: { 200: PendingApprovalList, ...errors },
    },
    handler: async (request) => approvals.listPendingRequests(ctxOf(deps, request), request.query),
  });

  const decisionErrors = { ...stateErrors, 403: problem('The token lacks the permission, is not an approver of the current step, or made the request') };
  app.post('/api/offers/:id/approval/approve', {
    preHandler: [write, once],
    schema: {
      headers: IdempotencyHeaders,
      tags: approvalTags,
      summary: 'Approve the pending request; on quorum of the last step the offer goes live as the publish call asked',
      params: OfferIdParams,
      body: optionalBody(ApproveBody),
      response: { 200: Approval, ...decisionErrors },
    },
    handler: async (request) => approvals.decideApproval(ctxOf(deps, request), request.params.id, 'approve', request.body?.comment ?? null),
  });

  app.post('/api/offers/:id/approval/reject', {
    preHandler: [write, once],
    schema: {
      headers: IdempotencyHeaders,
      tags: approvalTags,
      summary: 'Reject the pending request (a comment is required); the offer stays open for re-publishing',
      params: OfferIdParams,
      body: RejectBody,
      response: { 200: Approval, ...decisionErrors },
    },
    handler: async (request) => approvals.decideApproval(ctxOf(deps, request), request.params.id, 'reject', request.body.comment),
  });

  // Multipart only in this scope: nothing else in the app accepts multipart bodies.
  void app.register(async (plain) => {
    const scope = plain as unknown as App;
    await scope.register(multipart, { limits: { fileSize: MAX_PDF_BYTES, files: 1, fields: 10, fieldSize: 1024 }, throwFileSizeLimit: true });
    scope.post('/api/offers/:id/accept', {
      preHandler: [write, once],
      bodyLimit: MAX_PDF_BYTES + 64 * 1024,
      schema: {
        headers: IdempotencyHeaders,
        tags,
        summary: 'Record a manual acceptance',
        description: 'multipart/form-data with `acceptedAt` (ISO-8601, required) and an optional signed PDF `file` (≤ 20 MB); or JSON {"acceptedAt": "…"}.',
        consumes: ['multipart/form-data', 'application/json'],
        params: OfferIdParams,
        response: { 200: AcceptResult, ...stateErrors, 413: problem('The file exceeds 20 MB') },
      },
      handler: async (request) => {
        const ctx = ctxOf(deps, request);
        const result = await service.acceptOffer(ctx, request.params.id, await acceptInput(request));
        return { status: result.status, signedAt: isoDate(result.signedAt) };
      },
    });
  });
}
