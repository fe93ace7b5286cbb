// CryptoProcessing request signing: lowercase hex HMAC-SHA512 of the exact request body bytes,
// keyed with the merchant secret. Callbacks to the merchant are signed the same way.
import crypto from 'node:crypto';

export function sign(secret: string, body: string | Buffer): string {
  return crypto.createHmac('sha512', secret).update(body).digest('hex');
}

/** Constant-time check of a received signature (hex, any case) against the body. */
export function verify(secret: string, body: string | Buffer, signature: string): boolean {
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return false;
  return crypto.timingSafeEqual(Buffer.from(sign(secret, body), 'hex'), Buffer.from(signature, 'hex'));
}
