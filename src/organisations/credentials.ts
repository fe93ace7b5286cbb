// Credential formats. API tokens: `api_` + 32 random bytes, stored as SHA-256.
// Merchant keys: a public key and a secret used for HMAC (stored encrypted, see platform/crypto).
import crypto from 'node:crypto';
import { randomToken, sha256 } from '../platform/crypto.js';

export const API_TOKEN_PREFIX = 'api_';

export const SCOPES = ['offer:read', 'offer:write', 'media:read'] as const;
export type Scope = (typeof SCOPES)[number];

export function newApiToken(): { token: string; hash: Buffer; prefix: string } {
  const token = API_TOKEN_PREFIX + randomToken(32);
  return { token, hash: sha256(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) };
}

export function newMerchantCredentials(): { key: string; secret: string } {
  return { key: crypto.randomBytes(20).toString('hex'), secret: crypto.randomBytes(32).toString('hex') };
}
