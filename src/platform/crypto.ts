// Tokens, hashing, constant-time comparison and encryption of stored secrets.
import crypto from 'node:crypto';

export const sha256 = (value: string | Buffer): Buffer => crypto.createHash('sha256').update(value).digest();

/** The first 16 hex digits of a text's SHA-256: the version in the name of what the database derives from the code. */
export const textVersion = (text: string): string => sha256(text).toString('hex').slice(0, 16);

// A small draw from the CSPRNG is a native call of ~5 µs (two per invoice create); drawing 4 KiB
// at a time, as Node's randomUUID does, makes it a slice. Every byte is handed out once.
const RANDOM_BLOCK = 4096;
let randomBlock = Buffer.alloc(0);
let randomOffset = 0;

/** `n` bytes from the CSPRNG, for a token, an IV or an id: a view the pool never hands out again. */
export function randomBytes(n: number): Buffer {
  if (n > 256) return crypto.randomBytes(n);
  if (randomOffset + n > randomBlock.length) {
    randomBlock = crypto.randomBytes(RANDOM_BLOCK);
    randomOffset = 0;
  }
  randomOffset += n;
  return randomBlock.subarray(randomOffset - n, randomOffset);
}

/** URL-safe random token of `bytes` random bytes. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** A fresh Content-Security-Policy nonce for one HTML response. */
export const cspNonce = (): string => randomBytes(16).toString('base64');

/** Compares two strings in time independent of where they differ (hashing first evens out lengths). */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  return crypto.timingSafeEqual(sha256(a), sha256(b));
}

/** safeEqual against one configured value, whose hash is computed once instead of per request. */
export function safeEqualTo(expected: string): (candidate: string) => boolean {
  const hash = sha256(expected);
  return (candidate) => crypto.timingSafeEqual(sha256(candidate), hash);
}

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';

/** `v1:<iv>:<tag>:<ciphertext>`, base64url parts; the version leaves room for key rotation. */
export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = crypto.createCipheriv(ALGORITHM, key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
}

export function decryptSecret(key: Buffer, stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(':');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('unknown secret format');
  const decipher = crypto.createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
