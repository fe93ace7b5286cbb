// The webhook endpoints API on the Offers API side (Fynn: POST /webhooks, DELETE /webhooks/{id},
// GET /available-webhook-events), plus list/get/update, secret rotation, delivery log and redelivery.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { apiTokenResolver } from '../organisations/service.js';
import { apiTokenContext, requireApiToken } from '../platform/api-auth.js';
import type { Context } from '../platform/context.js';
import type { App, Deps } from '../platform/deps.js';
import { IdempotencyHeaders, idempotent } from '../platform/idempotency.js';
import { ProblemResponses } from '../platform/schemas.js';
import { createEndpoint } from './create-endpoint.js';
import { deleteEndpoint } from './delete-endpoint.js';
import { getEndpoint, listEndpoints } from './endpoint-queries.js';
import { availableEvents } from './events.js';
import { listDeliveries } from './list-deliveries.js';
import { redeliver } from './redeliver.js';
import { rotateSecret } from './rotate-secret.js';
import { Delivery, Description, Events, IdParams, Meta, Page, Url, Webhook, WebhookWithSecret } from './schemas.js';
import { updateEndpoint } from './update-endpoint.js';

export function registerWebhookRoutes(app: App, deps: Deps): void {
  const write = requireApiToken(apiTokenResolver(deps.db), 'offer:write');
  const once = idempotent(deps);
  const common = { tags: ['Webhooks'] };
  const ctxOf = (request: FastifyRequest): Context => apiTokenContext(deps, request);

  app.get('/available-webhook-events', {
    onRequest: write,
    schema: {
      ...common,
      summary: 'The events an endpoint can subscribe to',
      response: {
        200: Type.Object({ data: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })) }),
        ...ProblemResponses,
      },
    },
    handler: async () => ({ data: availableEvents() }),
  });

  app.post('/webhooks', {
    onRequest: write,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      ...common,
      summary: 'Register a webhook endpoint (the secret is shown once)',
      body: Type.Object(
        {
          url: Url,
          description: Type.Optional(Description),
          events: Events,
          version: Type.Optional(Type.Literal('v1')),
          enabled: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      response: { 201: WebhookWithSecret, ...ProblemResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await createEndpoint(ctxOf(request), request.body)),
  });

  app.get('/webhooks', {
    onRequest: write,
    schema: {
      ...common,
      summary: 'List webhook endpoints',
      response: { 200: Type.Object({ data: Type.Array(Webhook), meta: Type.Object({ totalItems: Type.Integer() }) }), ...ProblemResponses },
    },
    handler: async (request) => {
      const data = await listEndpoints(ctxOf(request));
      return { data, meta: { totalItems: data.length } };
    },
  });

  app.get('/webhooks/:id', {
    onRequest: write,
    schema: { ...common, summary: 'Get a webhook endpoint', params: IdParams, response: { 200: Webhook, ...ProblemResponses } },
    handler: async (request) => getEndpoint(ctxOf(request), { id: request.params.id }),
  });

  app.patch('/webhooks/:id', {
    onRequest: write,
    schema: {
      ...common,
      summary: 'Change a webhook endpoint; enabling it again resets its failure count',
      params: IdParams,
      body: Type.Object(
        {
          url: Type.Optional(Url),
          description: Type.Optional(Type.Union([Description, Type.Null()])),
          events: Type.Optional(Events),
          enabled: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: Webhook, ...ProblemResponses },
    },
    handler: async (request) => updateEndpoint(ctxOf(request), { ...request.body, id: request.params.id }),
  });

  app.delete('/webhooks/:id', {
    onRequest: write,
    schema: {
      ...common,
      summary: 'Delete a webhook endpoint and its delivery log',
      params: IdParams,
      response: { 204: Type.Null(), ...ProblemResponses },
    },
    handler: async (request, reply) => {
      await deleteEndpoint(ctxOf(request), { id: request.params.id });
      return reply.status(204).send(null);
    },
  });

  app.post('/webhooks/:id/rotate-secret', {
    onRequest: write,
    preHandler: once,
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
    onRequest: write,
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
    onRequest: write,
    schema: {
      ...common,
      summary: 'All deliveries of the organisation (webhooks and merchant callbacks), newest first',
      querystring: Type.Composite([
        Page,
        Type.Object({ target: Type.Optional(Type.Union([Type.Literal('endpoint'), Type.Literal('merchant_callback')])) }),
      ]),
      response: { 200: Type.Object({ data: Type.Array(Delivery), meta: Meta }), ...ProblemResponses },
    },
    handler: async (request) => {
      const { page, limit, target } = request.query;
      const { data, total } = await listDeliveries(ctxOf(request), { targetKind: target, limit, offset: (page - 1) * limit });
      return { data, meta: { totalItems: total, currentPage: page, itemsPerPage: limit } };
    },
  });

  app.post('/webhooks/deliveries/:id/redeliver', {
    onRequest: write,
    preHandler: once,
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
