// A merchant's settings as the admin API and the signed settings routes show them: the callback URL,
// the payment mode and the fingerprint of the live network's key, never the key itself.
import { parseEvmXpub, xpubFingerprint } from '../invoices/network/evm/xpub.js';
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { findMerchantCallbackUrl } from '../webhooks/callback-urls-repository.js';
import * as repo from './repository.js';

export interface MerchantSettingsView {
  callback_url: string | null;
  mode: repo.MerchantMode;
  evm_xpub_fingerprint: string | null;
}

export function merchantSettingsView(callbackUrl: string | null, row: repo.MerchantModeRow): MerchantSettingsView {
  const key = row.evm_xpub === null ? null : parseEvmXpub(row.evm_xpub);
  return { callback_url: callbackUrl, mode: row.merchant_mode, evm_xpub_fingerprint: key ? xpubFingerprint(key) : null };
}

export async function getMerchantSettings(ctx: Context): Promise<MerchantSettingsView> {
  const row = await repo.findMerchantMode(ctx.deps.db, ctx.organisationId);
  if (!row) throw notFound('Organisation');
  return merchantSettingsView(await findMerchantCallbackUrl(ctx.deps.db, ctx.organisationId), row);
}
