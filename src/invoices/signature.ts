// CryptoProcessing request signing: lowercase hex HMAC-SHA512 of the exact request body bytes,
// keyed with the merchant secret. Callbacks to the merchant are signed the same way.
// The opt-in timestamped scheme (an offerpay extension, docs/merchant.md) signs more than the body.
import crypto from 'node:crypto';

export function sign(secret: string, body: string | Buffer): string {
  return crypto.createHmac('sha512', secret).update(body).digest('hex');
}

/** Constant-time check of a received signature (hex, any case) against the body. */
export function verify(secret: string, body: string | Buffer, signature: string): boolean {
  return matches(sign(secret, body), signature);
}

/** What the timestamped scheme signs besides the body. */
export interface SignedRequest {
  /** Unix seconds, as sent in X-Processing-Timestamp. */
  timestamp: string;
  nonce: string;
  method: string;
  /** The request target as sent: path and query string, e.g. `/api/v2/invoices/42/cancel/`. */
  path: string;
  body: string | Buffer;
}

/**
 * The timestamped scheme's string to sign: timestamp, nonce, method and path, each ended by a line
 * feed (none of them can hold one), then the body bytes. Binding method and path means a request
 * signed for one invoice or endpoint is worthless for another; the query string is covered too.
 */
export function signTimestamped(secret: string, r: SignedRequest): string {
  return crypto
    .createHmac('sha512', secret)
    .update(`${r.timestamp}\n${r.nonce}\n${r.method.toUpperCase()}\n${r.path}\n`)
    .update(r.body)
    .digest('hex');
}

export function verifyTimestamped(secret: string, r: SignedRequest, signature: string): boolean {
  return matches(signTimestamped(secret, r), signature);
}

function matches(expected: string, signature: string): boolean {
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return false;
  return crypto.timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signature, 'hex'));
}
