// Admin: the merchant's callback URL (GET, PATCH /admin/organisations/{id}/merchant). Present only with ADMIN_TOKEN.
import { Type } from '@sinclair/typebox';
import { requireAdminToken } from '../organisations/admin-routes.js';
import type { App, Deps } from '../platform/deps.js';
import { ProblemResponses } from '../platform/schemas.js';
import { getMerchantCallbackUrl, setMerchantCallbackUrl } from './merchant-callback-url.js';

const MerchantSettings = Type.Object({ callback_url: Type.Union([Type.String(), Type.Null()]) });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function registerMerchantCallbackAdminRoutes(app: App, deps: Deps): void {
  if (!deps.config.adminToken) return;
  const authenticate = requireAdminToken(deps.config.adminToken);
  const common = { tags: ['Admin'], security: [{ AdminToken: [] }] };

  app.patch('/admin/organisations/:id/merchant', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: "Set the merchant's invoice callback URL (null removes it)",
      params: IdParams,
      body: Type.Object(
        { callback_url: Type.Union([Type.String({ minLength: 1, maxLength: 2048 }), Type.Null()]) },
        { additionalProperties: false },
      ),
      response: { 200: MerchantSettings, ...ProblemResponses },
    },
    handler: async (request) => setMerchantCallbackUrl(deps, request.params.id, request.body.callback_url),
  });

  app.get('/admin/organisations/:id/merchant', {
    onRequest: authenticate,
    schema: { ...common, summary: "The merchant's settings", params: IdParams, response: { 200: MerchantSettings, ...ProblemResponses } },
    handler: async (request) => getMerchantCallbackUrl(deps, request.params.id),
  });
}
