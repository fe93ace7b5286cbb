// Signatures receivers verify. Offer webhooks: Fynn's `X-Webhook-Signature`, lowercase hex
// HMAC-SHA256 of the raw body under the endpoint secret. Merchant callbacks: `X-Processing-Key` (the
// merchant's public key) and `X-Processing-Signature`, hex HMAC-SHA512 under that key's secret (same
// function as request signing, invoices/signature.ts).
import crypto from 'node:crypto';
import { randomToken } from '../platform/crypto.js';
import { sign as signMerchant } from '../invoices/signature.js';

export const WEBHOOK_SIGNATURE_HEADER = 'X-Webhook-Signature';
export const MERCHANT_SIGNATURE_HEADER = 'X-Processing-Signature';
export const MERCHANT_KEY_HEADER = 'X-Processing-Key';

export function signWebhook(secret: string, body: string | Buffer): string {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

export function verifyWebhook(secret: string, body: string | Buffer, signature: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  return crypto.timingSafeEqual(Buffer.from(signWebhook(secret, body), 'hex'), Buffer.from(signature, 'hex'));
}

export { signMerchant };

/** `whsec_` + 32 random bytes: recognisable in logs and secret scanners. */
export const newEndpointSecret = (): string => `whsec_${randomToken(32)}`;
