// A merchant's settings as the admin API and the signed settings routes show them: the callback URL,
// the payment mode and the fingerprint of the live network's key, never the key itself.
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { findMerchantCallbackUrl } from '../webhooks/callback-urls-repository.js';
import * as repo from './repository.js';

export interface MerchantSettingsView {
  callback_url: string | null;
  mode: repo.MerchantMode;
  evm_xpub_fingerprint: string | null;
}

/** The key-derivation code (viem, @scure/bip32, ~0.3 s to import): loaded on first use, not at start. */
export const loadXpub = () => import('../invoices/network/evm/xpub.js');

export async function merchantSettingsView(callbackUrl: string | null, row: repo.MerchantModeRow): Promise<MerchantSettingsView> {
  if (row.evm_xpub === null) return { callback_url: callbackUrl, mode: row.merchant_mode, evm_xpub_fingerprint: null };
  const { parseEvmXpub, xpubFingerprint } = await loadXpub();
  const key = parseEvmXpub(row.evm_xpub);
  return { callback_url: callbackUrl, mode: row.merchant_mode, evm_xpub_fingerprint: key ? xpubFingerprint(key) : null };
}

export async function getMerchantSettings(ctx: Context): Promise<MerchantSettingsView> {
  const row = await repo.findMerchantMode(ctx.deps.db, ctx.organisationId);
  if (!row) throw notFound('Organisation');
  return merchantSettingsView(await findMerchantCallbackUrl(ctx.deps.db, ctx.organisationId), row);
}
