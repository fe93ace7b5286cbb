// The merchant's own settings on the Merchant API (signed like every /api/v2 call): the invoice
// callback URL, the payment mode and the live network's xpub (shown only by its fingerprint), as the
// admin API sets them. Offerpay extension: not in CryptoProcessing's API.
import { Type } from '@sinclair/typebox';
import { getMerchantSettings } from '../organisations/merchant-settings.js';
import { updateMerchantSettings } from '../organisations/update-merchant-settings.js';
import type { App, Deps } from '../platform/deps.js';
import { merchantContext } from './auth.js';
import * as requests from './requests.js';
import { route } from './schemas.js';

const Settings = Type.Object({
  data: Type.Object({
    callback_url: Type.Union([Type.String(), Type.Null()]),
    mode: Type.Union([Type.Literal('sandbox'), Type.Literal('live')]),
    evm_xpub_fingerprint: Type.Union([Type.String(), Type.Null()]),
  }),
});
const extension = { 'x-offerpay-extension': true };

export function registerMerchantSettingsRoutes(app: App, deps: Deps): void {
  app.post('/settings/info', {
    ...route("The merchant's settings (callback URL, mode, xpub fingerprint)", requests.emptyBody.schema, { 200: Settings }, extension),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      requests.emptyBody.read(request.body);
      return { data: await getMerchantSettings(ctx) };
    },
  });

  app.post('/settings/update', {
    ...route(
      'Change the callback URL (null removes it), the mode or the xpub; live mode needs a valid xpub',
      requests.settingsUpdateBody.schema,
      { 200: Settings },
      extension,
    ),
    // A refused value (an unsafe URL, a bad xpub, live without one) is a 422 in the use case: the
    // Merchant API's error mapper reports it on its field, in the vendor's 400 shape.
    handler: async (request) => ({
      data: await updateMerchantSettings(merchantContext(deps, request), requests.parseSettingsUpdate(request.body)),
    }),
  });
}
