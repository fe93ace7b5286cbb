// The merchant's own settings on the Merchant API (signed like every /api/v2 call): read and set the
// invoice callback URL. Offerpay extension: not in CryptoProcessing's API.
import { Type } from '@sinclair/typebox';
import type { App, Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { getMerchantCallbackUrl, setMerchantCallbackUrl } from '../webhooks/merchant-callback-url.js';
import { merchantContext } from './auth.js';
import { fieldErrors } from './errors.js';
import * as requests from './requests.js';
import { route } from './schemas.js';

const Settings = Type.Object({ data: Type.Object({ callback_url: Type.Union([Type.String(), Type.Null()]) }) });
const extension = { 'x-offerpay-extension': true };

export function registerMerchantSettingsRoutes(app: App, deps: Deps): void {
  app.post('/settings/info', {
    ...route("The merchant's settings (callback URL)", requests.emptyBody.schema, { 200: Settings }, extension),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      requests.emptyBody.read(request.body);
      return { data: await getMerchantCallbackUrl(deps, ctx.organisationId) };
    },
  });

  app.post('/settings/update', {
    ...route('Set the invoice callback URL (null removes it)', requests.settingsUpdateBody.schema, { 200: Settings }, extension),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      const { callbackUrl } = requests.parseSettingsUpdate(request.body);
      try {
        return { data: await setMerchantCallbackUrl(deps, ctx.organisationId, callbackUrl) };
      } catch (error) {
        // The SSRF/URL check answers in the Merchant API's field-error format.
        if (error instanceof AppError && error.code === 'unprocessable')
          throw fieldErrors({ callback_url: error.violations[0]?.message ?? error.message });
        throw error;
      }
    },
  });
}
