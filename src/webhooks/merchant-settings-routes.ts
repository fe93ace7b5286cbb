// The merchant's own settings on the Merchant API (signed like every /api/v2 call): read and set the
// invoice callback URL. Registered inside the Merchant API plugin, which authenticates the request and
// parses the signed body before these handlers run. Offerpay extension: not in CryptoProcessing's API.
import { Type } from '@sinclair/typebox';
import { fieldErrors } from '../invoices/errors.js';
import { merchantOf } from '../invoices/plugin.js';
import { expectEmpty } from '../invoices/validate.js';
import type { App, Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import * as service from './service.js';

const Settings = Type.Object({ data: Type.Object({ callback_url: Type.Union([Type.String(), Type.Null()]) }) });
const common = { tags: ['Merchant API'], security: [{ xProcessingKey: [] }], 'x-offerpay-extension': true };
// The Merchant API validates in code with the vendor's messages; schemas here only document.
const documentedOnly = () => () => true;

function callbackUrlOf(body: unknown): string | null {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).callback_url : undefined;
  if (value === undefined) throw fieldErrors({ callback_url: 'The callback url field is required.' });
  if (value !== null && (typeof value !== 'string' || value.length === 0 || value.length > 2048)) {
    throw fieldErrors({ callback_url: 'The callback url must be a URL or null.' });
  }
  const extra = Object.keys(body as object).filter((k) => k !== 'callback_url');
  if (extra.length > 0) throw fieldErrors(Object.fromEntries(extra.map((f) => [f, `The ${f.replaceAll('_', ' ')} field is prohibited.`])));
  return value as string | null;
}

export function registerMerchantSettingsRoutes(app: App, deps: Deps): void {
  app.post('/settings/info', {
    validatorCompiler: documentedOnly,
    schema: { ...common, summary: "The merchant's settings (callback URL)", body: Type.Object({}), response: { 200: Settings } },
    handler: async (request) => {
      expectEmpty(request.body);
      return { data: await service.getMerchantCallbackUrl(deps, merchantOf(request).organisationId) };
    },
  });

  app.post('/settings/update', {
    validatorCompiler: documentedOnly,
    schema: {
      ...common,
      summary: 'Set the invoice callback URL (null removes it)',
      body: Type.Object({ callback_url: Type.Union([Type.String({ format: 'uri' }), Type.Null()]) }),
      response: { 200: Settings },
    },
    handler: async (request) => {
      const url = callbackUrlOf(request.body);
      try {
        return { data: await service.setMerchantCallbackUrl(deps, merchantOf(request).organisationId, url) };
      } catch (error) {
        // The SSRF/URL check answers in the Merchant API's field-error format.
        if (error instanceof AppError && error.code === 'unprocessable') throw fieldErrors({ callback_url: error.violations[0]?.message ?? error.message });
        throw error;
      }
    },
  });
}
