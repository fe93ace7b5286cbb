// Changes a merchant's settings; what is not named keeps its value. Live mode needs a valid account-level
// xpub (sent now or stored): addresses come from it, so without one a live invoice could not be paid.
// The xpub can be removed (null) only by a merchant in sandbox mode (or switching to it in the same request).
// Everything is checked before anything is written, and written in one transaction.
import type { Context } from '../platform/context.js';
import { AppError, notFound, type Violation } from '../platform/errors.js';
import { findMerchantCallbackUrl, upsertMerchantCallbackUrl } from '../webhooks/callback-urls-repository.js';
import { targetUrl } from '../webhooks/validate.js';
import { loadXpub, merchantSettingsView, type MerchantSettingsView } from './merchant-settings.js';
import * as repo from './repository.js';
import { forgetCredentials } from '../platform/credential-cache.js';

export interface MerchantSettingsInput {
  /** null removes the callback URL. */
  callbackUrl?: string | null;
  mode?: repo.MerchantMode;
  /** null removes the xpub (sandbox mode only). */
  evmXpub?: string | null;
}

const XPUB_MESSAGE = "The evm xpub must be an account-level extended public key (xpub…, BIP-44 m/44'/60'/0').";
export const XPUB_NEEDED_LIVE = 'The evm xpub can only be removed in sandbox mode: live invoices take their addresses from it.';
export const LIVE_NEEDS_XPUB = 'Live mode needs a valid evm xpub (an account-level extended public key).';

const invalid = (violations: Violation[]) => new AppError('unprocessable', 'The merchant settings are invalid.', violations);

export async function updateMerchantSettings(ctx: Context, input: MerchantSettingsInput): Promise<MerchantSettingsView> {
  const { deps, organisationId } = ctx;
  const { parseEvmXpub } = await loadXpub();
  if (typeof input.evmXpub === 'string' && !parseEvmXpub(input.evmXpub))
    throw invalid([{ propertyPath: 'evm_xpub', message: XPUB_MESSAGE }]);
  const callbackUrl = typeof input.callbackUrl === 'string' ? targetUrl(deps.config, input.callbackUrl, 'callback_url') : input.callbackUrl;
  const view = await deps.db.transaction(async (tx) => {
    const current = await repo.findMerchantMode(tx, organisationId, true);
    if (!current) throw notFound('Organisation');
    const next: repo.MerchantModeRow = {
      merchant_mode: input.mode ?? current.merchant_mode,
      evm_xpub: input.evmXpub === undefined ? current.evm_xpub : input.evmXpub,
    };
    if (input.evmXpub === null && next.merchant_mode === 'live') throw invalid([{ propertyPath: 'evm_xpub', message: XPUB_NEEDED_LIVE }]);
    if (next.merchant_mode === 'live' && (next.evm_xpub === null || !parseEvmXpub(next.evm_xpub)))
      throw invalid([{ propertyPath: 'mode', message: LIVE_NEEDS_XPUB }]);
    await repo.setMerchantMode(tx, organisationId, next);
    if (callbackUrl !== undefined) await upsertMerchantCallbackUrl(tx, organisationId, callbackUrl, deps.clock.now());
    return merchantSettingsView(callbackUrl !== undefined ? callbackUrl : await findMerchantCallbackUrl(tx, organisationId), next);
  });
  forgetCredentials(deps.db); // cached merchant principals carry the mode
  return view;
}
