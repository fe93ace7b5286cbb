// Admin: the merchant's settings (GET, PATCH /admin/organisations/{id}/merchant): the invoice callback
// URL, the payment mode (sandbox or live) and the live network's xpub, shown only by its fingerprint.
// Present only with ADMIN_TOKEN.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { requestMeta, type Context } from '../platform/context.js';
import type { App, Deps } from '../platform/deps.js';
import { ProblemResponses } from '../platform/schemas.js';
import { requireAdminToken } from './admin-routes.js';
import { getMerchantSettings } from './merchant-settings.js';
import { updateMerchantSettings } from './update-merchant-settings.js';

const Mode = Type.Union([Type.Literal('sandbox'), Type.Literal('live')], {
  description: 'sandbox (the default): simulated payments; live: the live network, addresses from evm_xpub',
});
const MerchantSettings = Type.Object({
  callback_url: Type.Union([Type.String(), Type.Null()]),
  mode: Mode,
  evm_xpub_fingerprint: Type.Union([Type.String({ pattern: '^[0-9a-f]{8}$' }), Type.Null()], {
    description: "The BIP-32 fingerprint of the merchant's xpub; the key itself is never shown",
  }),
});
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const adminContext = (deps: Deps, request: FastifyRequest, organisationId: string): Context => ({
  deps,
  organisationId,
  actor: { kind: 'admin' },
  request: requestMeta(request),
});

export function registerMerchantAdminRoutes(app: App, deps: Deps): void {
  if (!deps.config.adminToken) return;
  const authenticate = requireAdminToken(deps.config.adminToken);
  const common = { tags: ['Admin'], security: [{ AdminToken: [] }] };

  app.patch('/admin/organisations/:id/merchant', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary:
        "Change the merchant's settings: callback URL (null removes it), mode, xpub (null removes it in sandbox mode); live mode needs a valid xpub",
      params: IdParams,
      body: Type.Object(
        {
          callback_url: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 2048 }), Type.Null()])),
          mode: Type.Optional(Mode),
          evm_xpub: Type.Optional(
            Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
              description: "Account-level extended public key (BIP-44 m/44'/60'/0'); null removes it (sandbox mode only)",
            }),
          ),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: MerchantSettings, ...ProblemResponses },
    },
    handler: async (request) => {
      const { callback_url: callbackUrl, mode, evm_xpub: evmXpub } = request.body;
      return updateMerchantSettings(adminContext(deps, request, request.params.id), { callbackUrl, mode, evmXpub });
    },
  });

  app.get('/admin/organisations/:id/merchant', {
    onRequest: authenticate,
    schema: { ...common, summary: "The merchant's settings", params: IdParams, response: { 200: MerchantSettings, ...ProblemResponses } },
    handler: async (request) => getMerchantSettings(adminContext(deps, request, request.params.id)),
  });
}
