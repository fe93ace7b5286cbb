// The webhook endpoints API on the Offers API side (Fynn: POST /webhooks, DELETE /webhooks/{id},
// GET /available-webhook-events), plus list/get/update, secret rotation, delivery log and redelivery.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { apiTokenResolver } from '../organisations/service.js';
import { requireApiToken, principalOf } from '../platform/api-auth.js';
import { requestMeta, type Context } from '../platform/context.js';
import type { App, Deps } from '../platform/deps.js';
import { IdempotencyHeaders, idempotent } from '../platform/idempotency.js';
import { ProblemResponses } from '../platform/schemas.js';
import { createEndpoint } from './create-endpoint.js';
import { deleteEndpoint } from './delete-endpoint.js';
import { getEndpoint, listEndpoints } from './endpoint-queries.js';
import { availableEvents, EVENT_NAMES, WILDCARD } from './events.js';
import { listDeliveries } from './list-deliveries.js';
import { redeliver } from './redeliver.js';
import { rotateSecret } from './rotate-secret.js';
import { updateEndpoint } from './update-endpoint.js';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const EventName = Type.String({ minLength: 1, maxLength: 100, description: `One of GET /available-webhook-events, or "${WILDCARD}" for all.` });
const Events = Type.Array(EventName, { minItems: 1, maxItems: EVENT_NAMES.length + 1 });
const Url = Type.String({ minLength: 1, maxLength: 2048 });

const Webhook = Type.Object({
  id: Uuid,
  url: Type.String(),
  events: Type.Array(Type.String()),
  version: Type.String(),
  enabled: Type.Boolean(),
  consecutiveFailures: Type.Integer(),
  failingSince: Nullable(DateTime),
  disabledAt: Nullable(DateTime),
  disabledReason: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
const WebhookWithSecret = Type.Composite([
  Webhook,
  Type.Object({ secret: Type.String({ description: 'Signs every delivery (X-Webhook-Signature, HMAC-SHA256). Shown once.' }) }),
]);

const Attempt = Type.Object({
  attempt: Type.Integer(),
  url: Type.String(),
  startedAt: DateTime,
  statusCode: Nullable(Type.Integer()),
  latencyMs: Type.Integer(),
  response: Nullable(Type.String({ description: 'The first 1000 characters of the response body.' })),
  error: Nullable(Type.String()),
  succeeded: Type.Boolean(),
});
const Delivery = Type.Object({
  id: Uuid,
  eventId: Type.String(),
  eventType: Type.String(),
  target: Type.Union([Type.Literal('endpoint'), Type.Literal('merchant_callback')]),
  webhookId: Nullable(Uuid),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivering'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(DateTime),
  lastStatusCode: Nullable(Type.Integer()),
  lastLatencyMs: Nullable(Type.Integer()),
  lastResponse: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  createdAt: DateTime,
  deliveredAt: Nullable(DateTime),
  attemptLog: Type.Array(Attempt),
});
const Page = Type.Object({
  page: Type.Integer({ minimum: 1, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
});
const Meta = Type.Object({ totalItems: Type.Integer(), currentPage: Type.Integer(), itemsPerPage: Type.Integer() });

export function registerWebhookRoutes(app: App, deps: Deps): void {
  const write = requireApiToken(apiTokenResolver(deps.db), 'offer:write');
  const once = idempotent(deps);
  const common = { tags: ['Webhooks'] };
  // Built once per request, behind `write`: the token's organisation and the token as the actor.
  const ctxOf = (request: FastifyRequest): Context => {
    const principal = principalOf(request);
    return { deps, organisationId: principal.organisationId, actor: { kind: 'api_token', tokenId: principal.tokenId }, request: requestMeta(request) };
  };

  app.get('/available-webhook-events', {
    preHandler: write,
    schema: {
      ...common,
      summary: 'The events an endpoint can subscribe to',
      response: { 200: Type.Object({ data: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })) }), ...ProblemResponses },
    },
    handler: async () => ({ data: availableEvents() }),
  });

  app.post('/webhooks', {
    preHandler: [write, once],
    schema: {
      headers: IdempotencyHeaders,
      ...common,
      summary: 'Register a webhook endpoint (the secret is shown once)',
      body: Type.Object(
        { url: Url, events: Events, version: Type.Optional(Type.Literal('v1')), enabled: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
      response: { 201: WebhookWithSecret, ...ProblemResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await createEndpoint(ctxOf(request), request.body)),
  });

  app.get('/webhooks', {
    preHandler: write,
    schema: { ...common, summary: 'List webhook endpoints', response: { 200: Type.Object({ data: Type.Array(Webhook), meta: Type.Object({ totalItems: Type.Integer() }) }), ...ProblemResponses } },
    handler: async (request) => {
      const data = await listEndpoints(ctxOf(request));
      return { data, meta: { totalItems: data.length } };
    },
  });

  app.get('/webhooks/:id', {
    preHandler: write,
    schema: { ...common, summary: 'Get a webhook endpoint', params: IdParams, response: { 200: Webhook, ...ProblemResponses } },
    handler: async (request) => getEndpoint(ctxOf(request), { id: request.params.id }),
  });

  app.patch('/webhooks/:id', {
    preHandler: write,
    schema: {
      ...common,
      summary: 'Change a webhook endpoint; enabling it again resets its failure count',
      params: IdParams,
      body: Type.Object({ url: Type.Optional(Url), events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Webhook, ...ProblemResponses },
    },
    handler: async (request) => updateEndpoint(ctxOf(request), { ...request.body, id: request.params.id }),
  });

  app.delete('/webhooks/:id', {
    preHandler: write,
    schema: { ...common, summary: 'Delete a webhook endpoint and its delivery log', params: IdParams, response: { 204: Type.Null(), ...ProblemResponses } },
    handler: async (request, reply) => {
      await deleteEndpoint(ctxOf(request), { id: request.params.id });
      return reply.status(204).send(null);
    },
  });

  app.post('/webhooks/:id/rotate-secret', {
    preHandler: [write, once],
    schema: {
      headers: IdempotencyHeaders,
      ...common,
      summary: 'Replace the signing secret (shown once; the old one stops at once)',
      params: IdParams,
      response: { 200: WebhookWithSecret, ...ProblemResponses },
    },
    handler: async (request) => rotateSecret(ctxOf(request), { id: request.params.id }),
  });

  app.get('/webhooks/:id/deliveries', {
    preHandler: write,
    schema: {
      ...common,
      summary: "The endpoint's delivery log, newest first",
      params: IdParams,
      querystring: Page,
      response: { 200: Type.Object({ data: Type.Array(Delivery), meta: Meta }), ...ProblemResponses },
    },
    handler: async (request) => {
      const { page, limit } = request.query;
      const { data, total } = await listDeliveries(ctxOf(request), { endpointId: request.params.id, limit, offset: (page - 1) * limit });
      return { data, meta: { totalItems: total, currentPage: page, itemsPerPage: limit } };
    },
  });

  app.get('/webhooks/deliveries', {
    preHandler: write,
    schema: {
      ...common,
      summary: 'All deliveries of the organisation (webhooks and merchant callbacks), newest first',
      querystring: Type.Composite([Page, Type.Object({ target: Type.Optional(Type.Union([Type.Literal('endpoint'), Type.Literal('merchant_callback')])) })]),
      response: { 200: Type.Object({ data: Type.Array(Delivery), meta: Meta }), ...ProblemResponses },
    },
    handler: async (request) => {
      const { page, limit, target } = request.query;
      const { data, total } = await listDeliveries(ctxOf(request), { targetKind: target, limit, offset: (page - 1) * limit });
      return { data, meta: { totalItems: total, currentPage: page, itemsPerPage: limit } };
    },
  });

  app.post('/webhooks/deliveries/:id/redeliver', {
    preHandler: [write, once],
    schema: {
      headers: IdempotencyHeaders,
      ...common,
      summary: 'Send a delivery again now, with a fresh retry budget',
      params: IdParams,
      response: { 202: Delivery, ...ProblemResponses, 409: ProblemResponses[404] },
    },
    handler: async (request, reply) => reply.status(202).send(await redeliver(ctxOf(request), { id: request.params.id })),
  });
}
