// Merchant authentication: the X-Processing-Key names the merchant, X-Processing-Signature is the
// hex HMAC-SHA512 of the raw body under its secret (or, for a merchant that opted in, the timestamped
// scheme of timestamped-auth.ts). The plugin (plugin.ts) runs `authenticate` before
// every non-public route; routes read the principal with `merchantOf` or build their context with
// `merchantContext`, without importing the plugin.
import type { FastifyRequest } from 'fastify';
import { findActiveMerchantKey } from '../organisations/repository.js';
import type { Features, MerchantMode } from '../organisations/repository.js';
import { recordAuthFailure } from '../platform/auth-failures.js';
import { requestMeta, type Context } from '../platform/context.js';
import { cachedCredential } from '../platform/credential-cache.js';
import { decryptSecret } from '../platform/crypto.js';
import type { Deps } from '../platform/deps.js';
import { authErrors, featureDisabled, MerchantApiError } from './errors.js';
import { verify } from './signature.js';
import { verifyTimestampedRequest } from './timestamped-auth.js';

export interface MerchantPrincipal {
  organisationId: string;
  key: string;
  secret: string;
  features: Features;
  /** sandbox or live: which payment network serves the merchant's requests. */
  mode: MerchantMode;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact request bytes, for HMAC verification. */
    rawBody?: Buffer;
    merchant: MerchantPrincipal | null;
  }
}

/**
 * Decrypted merchant secrets, keyed on the stored ciphertext (a rotated key comes back with a new
 * ciphertext, fresh IV). Bounded; cleared when full.
 */
const SECRET_CACHE_SIZE = 1000;
const secrets = new WeakMap<Buffer, Map<string, string>>();

export function merchantSecret(secretKey: Buffer, encrypted: string): string {
  let cache = secrets.get(secretKey);
  if (!cache) {
    cache = new Map();
    secrets.set(secretKey, cache);
  }
  let secret = cache.get(encrypted);
  if (secret === undefined) {
    secret = decryptSecret(secretKey, encrypted);
    if (cache.size >= SECRET_CACHE_SIZE) cache.clear();
    cache.set(encrypted, secret);
  }
  return secret;
}

/**
 * The merchant behind an active key, with its secret; null for an unknown or revoked key. Kept for a
 * few seconds by key id (platform/credential-cache.ts): rotation, revocation and feature or mode
 * changes forget it on this replica at once, on the others within CREDENTIAL_TTL_MS.
 */
export function findMerchant(deps: Pick<Deps, 'db' | 'secretKey'>, key: string): Promise<MerchantPrincipal | null> {
  return cachedCredential(deps.db, `merchant:${key}`, async () => {
    const row = await findActiveMerchantKey(deps.db, key);
    if (!row) return null;
    return {
      organisationId: row.organisation_id,
      key: row.key,
      secret: merchantSecret(deps.secretKey, row.secret_encrypted),
      features: row.features,
      mode: row.merchant_mode,
    };
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Checks the key and signature headers in the vendor's order (403s), then the opt-in scheme's; the raw body must be read already. */
export async function authenticate(deps: Deps, request: FastifyRequest): Promise<MerchantPrincipal> {
  const key = header(request, 'x-processing-key');
  if (!key) throw authErrors.noKey();
  const signature = header(request, 'x-processing-signature');
  if (!signature) throw authErrors.noSignature();
  const merchant = await findMerchant(deps, key);
  // A wrong key or signature counts toward the key's and the address's lock-out (platform/throttle.ts).
  if (!merchant) {
    await recordAuthFailure(request, key);
    throw authErrors.badKey();
  }
  // A merchant opted into timestamped signatures is held to them; for the others the extension's headers mean nothing.
  try {
    if (merchant.features.timestamped_signatures) await verifyTimestampedRequest(deps, request, merchant, signature);
    else if (!verify(merchant.secret, request.rawBody ?? Buffer.alloc(0), signature)) throw authErrors.badSignature();
  } catch (error) {
    if (error instanceof MerchantApiError) await recordAuthFailure(request, key);
    throw error;
  }
  return merchant;
}

/** The authenticated merchant; only valid inside the Merchant API. */
export function merchantOf(request: FastifyRequest): MerchantPrincipal {
  if (!request.merchant) throw authErrors.noKey();
  return request.merchant;
}

/** The use cases' context for the authenticated merchant; `feature` must be enabled for its organisation. */
export function merchantContext(deps: Deps, request: FastifyRequest, feature?: keyof Features): Context {
  const merchant = merchantOf(request);
  if (feature && !merchant.features[feature]) throw featureDisabled(feature);
  const actor = { kind: 'merchant', key: merchant.key } as const;
  return { deps, organisationId: merchant.organisationId, actor, request: requestMeta(request), live: merchant.mode === 'live' };
}
