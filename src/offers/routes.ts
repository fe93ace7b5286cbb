// Offers API routes (Fynn V2 offers, 2026-06): authenticate, build the context, one use case, send.
// Paths mix /offers and /api/offers exactly as the vendor's documentation does. registerOffersRoutes
// also registers the sub-resources' route files and the recipient's side (app.ts calls only it).
import { Type } from '@sinclair/typebox';
import { apiTokenContext, principalOf, requireApiToken } from '../platform/api-auth.js';
import type { App, Deps } from '../platform/deps.js';
import { sendTagged } from '../platform/etag.js';
import { IdempotencyHeaders } from '../platform/idempotency.js';
import { problem } from '../platform/schemas.js';
import { isoDate } from '../platform/time.js';
import { registerAcceptanceRoutes } from './acceptance-routes.js';
import { registerApprovalPolicyAdminRoutes } from './approval/admin-routes.js';
import { registerApprovalRoutes } from './approval-routes.js';
import { archiveOffer } from './archive.js';
import { cancelSigning } from './cancel-signing.js';
import { createOffer } from './create.js';
import { listOffersPage, offersListPages } from './list-page.js';
import { parseListQuery } from './list-query.js';
import { offersListTokenResolver } from './list-version.js';
import { registerMediaRoutes } from './media.js';
import { recipientPage } from './public/page.js';
import { publicOfferRoutes } from './public/routes.js';
import { publishOffer } from './publish.js';
import { getOffer, listActivities } from './queries.js';
import { registerRecipientRoutes } from './recipient-routes.js';
import { errors, notModified, offerGuards, stateErrors } from './route-support.js';
import {
  ActivityList,
  CreateOfferBody,
  LineItemRead,
  OfferIdParams,
  OfferList,
  OfferRead,
  OfferStatusResult,
  PublishBody,
  PublishResult,
  RecipientRead,
  UpdateOfferBody,
} from './schemas.js';
import { registerOfferTemplateRoutes } from './templates/routes.js';
import { updateOffer } from './update.js';

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

/** The Offers API, its sub-resources, templates, media, the approval policy's admin API and the recipient's side. */
export function registerOffersRoutes(app: App, deps: Deps): void {
  for (const schema of [RecipientRead, LineItemRead, OfferRead]) app.addSchema(schema);
  registerOfferRoutes(app, deps);
  registerRecipientRoutes(app, deps);
  registerApprovalRoutes(app, deps);
  registerAcceptanceRoutes(app, deps);
  registerApprovalPolicyAdminRoutes(app, deps);
  registerOfferTemplateRoutes(app, deps);
  registerMediaRoutes(app, deps);
  publicOfferRoutes(app, deps);
  recipientPage(app, deps);
}

/** The offer itself: create, list, read, update, publish, cancel signing, archive, its activities. */
function registerOfferRoutes(app: App, deps: Deps): void {
  const { read, write, once } = offerGuards(deps);
  const tags = ['Offers'];
  const offer = Type.Ref(OfferRead);

  app.post('/offers', {
    onRequest: write,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      tags,
      summary: 'Create an offer',
      description:
        'A minimal body is {"name": "…"} (or {"title": "…"}); every other field is optional. Recipients may be given at creation.',
      body: CreateOfferBody,
      response: { 201: offer, ...errors, 422: problem('The request body is invalid') },
    },
    handler: async (request, reply) => reply.status(201).send(await createOffer(apiTokenContext(deps, request), request.body)),
  });

  const pages = offersListPages(deps.config.offersListCacheBytes, app.metrics);
  app.get('/offers', {
    // With the cache on, the token lookup also reads the organisation's list version: one round trip on a hit.
    onRequest: requireApiToken(offersListTokenResolver(deps.db, pages !== null), 'offer:read'),
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
      const page = await listOffersPage(apiTokenContext(deps, request), query, {
        pages,
        version: principalOf(request).offersListVersion,
      });
      return sendTagged(request, reply, page.body, page.etag);
    },
  });

  for (const url of ['/api/offers/:id', '/offers/:id']) {
    app.get(url, {
      onRequest: read,
      schema: {
        tags,
        summary: url.startsWith('/api') ? 'Get an offer' : 'Get an offer (alias of /api/offers/{id})',
        description: 'Answers carry an ETag; a request whose If-None-Match still matches gets 304 without a body.',
        params: OfferIdParams,
        response: { 200: offer, 304: notModified, ...errors },
      },
      handler: async (request, reply) =>
        sendTagged(
          request,
          reply,
          Buffer.from(reply.serialize(await getOffer(apiTokenContext(deps, request), { offerId: request.params.id })) as string),
        ),
    });
  }

  app.put('/offers/:id', {
    onRequest: write,
    schema: {
      tags,
      summary: 'Update an open offer',
      description: 'Partial update of the editable fields while the offer is open; a content change gives a new currentVersionHash.',
      params: OfferIdParams,
      body: UpdateOfferBody,
      response: { 200: offer, ...stateErrors },
    },
    handler: async (request) => updateOffer(apiTokenContext(deps, request), { offerId: request.params.id, changes: request.body }),
  });

  app.post('/api/offers/:id/publish', {
    onRequest: write,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      tags,
      summary: 'Publish an offer',
      params: OfferIdParams,
      body: Type.Optional(PublishBody),
      response: { 200: PublishResult, ...stateErrors },
    },
    handler: async (request) => publishOffer(apiTokenContext(deps, request), { ...request.body, offerId: request.params.id }),
  });

  app.post('/offers/:id/cancel-signing', {
    onRequest: write,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      tags,
      summary: 'Cancel a signing process',
      operationId: 'cancelOfferSigning',
      params: OfferIdParams,
      response: { 200: OfferStatusResult, ...errors, 409: problem('The offer is not in a signing state') },
    },
    handler: async (request) => cancelSigning(apiTokenContext(deps, request), { offerId: request.params.id }),
  });

  app.post('/offers/:id/archive', {
    onRequest: write,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      tags,
      'x-offerpay-extension': true,
      summary: 'Archive an offer (x-offerpay-extension)',
      params: OfferIdParams,
      response: { 200: offer, ...stateErrors },
    },
    handler: async (request) => archiveOffer(apiTokenContext(deps, request), { offerId: request.params.id }),
  });

  app.get('/api/offers/:id/activities', {
    onRequest: read,
    schema: {
      tags,
      summary: "List an offer's activities (oldest first; never empty)",
      params: OfferIdParams,
      response: { 200: ActivityList, ...errors },
    },
    handler: async (request) => {
      const rows = await listActivities(apiTokenContext(deps, request), { offerId: request.params.id });
      return { data: rows.map((a) => ({ id: a.id, type: a.type, data: a.data, createdAt: isoDate(a.created_at) })) };
    },
  });
}
