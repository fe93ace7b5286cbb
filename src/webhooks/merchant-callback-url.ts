// The merchant's invoice callback URL, read and set by the admin API (webhooks/admin-routes.ts) and
// by the merchant through the Merchant API's settings routes. Deliveries to it are signed with the
// merchant's active key (the worker reads it at send time).
import type { Deps } from '../platform/deps.js';
import { notFound } from '../platform/errors.js';
import { findMerchantCallbackUrl, organisationExists, upsertMerchantCallbackUrl } from './callback-urls-repository.js';
import { targetUrl } from './validate.js';

type CallbackDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

export async function setMerchantCallbackUrl(
  ctx: CallbackDeps,
  organisationId: string,
  url: string | null,
): Promise<{ callback_url: string | null }> {
  const checked = url === null ? null : targetUrl(ctx.config, url, 'callback_url');
  return ctx.db.transaction(async (tx) => {
    if (!(await organisationExists(tx, organisationId))) throw notFound('Organisation');
    await upsertMerchantCallbackUrl(tx, organisationId, checked, ctx.clock.now());
    return { callback_url: checked };
  });
}

export async function getMerchantCallbackUrl(ctx: CallbackDeps, organisationId: string): Promise<{ callback_url: string | null }> {
  if (!(await organisationExists(ctx.db, organisationId))) throw notFound('Organisation');
  return { callback_url: await findMerchantCallbackUrl(ctx.db, organisationId) };
}
