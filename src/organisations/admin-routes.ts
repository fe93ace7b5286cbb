// The admin API: present only when ADMIN_TOKEN is set; manages organisations and credentials.
// Without it, every /admin URL answers a 404 problem that says how to turn the admin API on.
import { Type } from '@sinclair/typebox';
import { MAX_PAGE } from '../platform/limits.js';
import type { FastifyRequest } from 'fastify';
import { requireConfiguredToken } from '../platform/api-auth.js';
import { requestMeta, type Context } from '../platform/context.js';
import type { App, Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { ProblemResponses } from '../platform/schemas.js';
import { optionalBody } from '../platform/validation.js';
import { createApiToken, listApiTokens, relabelApiToken, revokeApiToken } from './api-tokens.js';
import { createOrganisation } from './create-organisation.js';
import { SCOPES } from './credentials.js';
import { listOrganisations } from './list-organisations.js';
import { rotateMerchantKey } from './rotate-merchant-key.js';
import { updateFeatures } from './update-features.js';

const Uuid = Type.String({ format: 'uuid' });
const OrganisationSchema = Type.Object({ id: Uuid, name: Type.String(), createdAt: Type.String({ format: 'date-time' }) });
const FeaturesSchema = Type.Object({
  invoices_enabled: Type.Boolean(),
  timestamped_signatures: Type.Boolean({
    description: 'Merchant API requests must be signed with X-Processing-Timestamp and X-Processing-Nonce (replay protection)',
  }),
});
const MerchantCredentials = Type.Object({
  key: Type.String({ description: 'X-Processing-Key' }),
  secret: Type.String({ description: 'Signs requests (HMAC-SHA512). Shown once.' }),
});
const IdParams = Type.Object({ id: Uuid });

/** An onRequest hook that admits only the server's ADMIN_TOKEN (constant-time comparison). */
export const requireAdminToken = (adminToken: string) => requireConfiguredToken(adminToken, 'ADMIN_TOKEN', 'admin token');

/** The admin acts on the organisation named in the path, or on none yet (`null`). */
function adminContext<Org extends string | null>(deps: Deps, request: FastifyRequest, organisationId: Org): Context<Org> {
  return { deps, organisationId, actor: { kind: 'admin' }, request: requestMeta(request) };
}

/**
 * Without ADMIN_TOKEN: one answer for every method and path under /admin. It is thrown from
 * onRequest, before any body is read, so a malformed or oversized body gets the same answer.
 */
function registerAdminApiOff(app: App): void {
  const off = async (): Promise<never> => {
    throw new AppError('not_found', 'The admin API is off. Set ADMIN_TOKEN (at least 16 characters) to turn it on.');
  };
  for (const url of ['/admin', '/admin/*']) app.all(url, { schema: { hide: true }, onRequest: off, handler: off });
}

export function registerOrganisationAdminRoutes(app: App, deps: Deps): void {
  const adminToken = deps.config.adminToken;
  if (!adminToken) {
    registerAdminApiOff(app);
    return;
  }

  const authenticate = requireAdminToken(adminToken);
  const common = { tags: ['Admin'], security: [{ AdminToken: [] }] };
  const none = (request: FastifyRequest) => adminContext(deps, request, null);
  const of = (request: FastifyRequest, organisationId: string) => adminContext(deps, request, organisationId);

  app.post('/admin/organisations', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: 'Create an organisation with an API token and merchant credentials',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: {
        201: Type.Object({ organisation: OrganisationSchema, apiToken: Type.String({ pattern: '^api_' }), merchant: MerchantCredentials }),
        ...ProblemResponses,
      },
    },
    handler: async (request, reply) => reply.status(201).send(await createOrganisation(none(request), { name: request.body.name.trim() })),
  });

  app.get('/admin/organisations', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: 'List organisations',
      querystring: Type.Object({
        page: Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 }),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
      }),
      response: {
        200: Type.Object({
          data: Type.Array(Type.Composite([OrganisationSchema, Type.Object({ features: FeaturesSchema })])),
          meta: Type.Object({ totalItems: Type.Integer(), currentPage: Type.Integer(), itemsPerPage: Type.Integer() }),
        }),
        ...ProblemResponses,
      },
    },
    handler: async (request) => {
      const { page, limit } = request.query;
      const { data, total } = await listOrganisations(none(request), { limit, offset: (page - 1) * limit });
      return { data, meta: { totalItems: total, currentPage: page, itemsPerPage: limit } };
    },
  });

  const Scopes = Type.Array(Type.Union(SCOPES.map((s) => Type.Literal(s))), { minItems: 1, uniqueItems: true });
  const Label = Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
    description: 'Who holds the token (shown where it approves offers)',
  });
  const TokenRead = Type.Object({
    id: Uuid,
    label: Label,
    prefix: Type.String({ description: 'The first characters, to recognise a token' }),
    scopes: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  });

  app.post('/admin/organisations/:id/api-tokens', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: 'Issue a new API token (shown once)',
      params: IdParams,
      body: optionalBody(
        Type.Object(
          { scopes: Type.Optional(Scopes), label: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
      ),
      response: {
        201: Type.Object({
          id: Uuid,
          token: Type.String(),
          label: Label,
          scopes: Type.Array(Type.String()),
          createdAt: Type.String({ format: 'date-time' }),
        }),
        ...ProblemResponses,
      },
    },
    handler: async (request, reply) => reply.status(201).send(await createApiToken(of(request, request.params.id), request.body ?? {})),
  });

  app.get('/admin/organisations/:id/api-tokens', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: "List the organisation's API tokens (never the secret; revoked ones included)",
      params: IdParams,
      response: {
        200: Type.Object({
          data: Type.Array(TokenRead),
        }),
        ...ProblemResponses,
      },
    },
    handler: async (request) => ({ data: await listApiTokens(of(request, request.params.id)) }),
  });

  app.patch('/admin/api-tokens/:id', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: "Change a token's label (who holds it)",
      params: IdParams,
      body: Type.Object({ label: Label }, { additionalProperties: false }),
      response: { 200: TokenRead, ...ProblemResponses },
    },
    handler: async (request) => relabelApiToken(none(request), { tokenId: request.params.id, label: request.body.label }),
  });

  app.delete('/admin/api-tokens/:id', {
    onRequest: authenticate,
    schema: { ...common, summary: 'Revoke an API token', params: IdParams, response: { 204: Type.Null(), ...ProblemResponses } },
    handler: async (request, reply) => {
      await revokeApiToken(none(request), { tokenId: request.params.id });
      return reply.status(204).send(null);
    },
  });

  app.post('/admin/organisations/:id/merchant-keys', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: 'Rotate the merchant key pair (the old pair stops working at once)',
      params: IdParams,
      response: { 201: MerchantCredentials, ...ProblemResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await rotateMerchantKey(of(request, request.params.id))),
  });

  app.patch('/admin/organisations/:id/features', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: 'Switch merchant features on or off',
      params: IdParams,
      body: Type.Partial(FeaturesSchema, { additionalProperties: false, minProperties: 1 }),
      response: { 200: FeaturesSchema, ...ProblemResponses },
    },
    handler: async (request) => updateFeatures(of(request, request.params.id), request.body),
  });
}
