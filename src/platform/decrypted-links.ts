// The links a read shows (a recipient's personal link, an invoice's hosted page) carry a token that is
// stored only hashed and encrypted, so showing one means decrypting it: a decipher of a few µs, plus
// its garbage, per link. A page of 30 offers with two recipients each decrypted 60 of them on every
// read. Recently shown tokens are kept in memory, per key. That holds nothing the process could not
// decrypt again with the key it already holds; nothing leaves memory.
import { LRUCache } from 'lru-cache';
import { decryptSecret } from './crypto.js';

/** About 200 bytes each: at most ~2 MB per key. */
const MAX_ENTRIES = 10_000;

const byKey = new WeakMap<Buffer, LRUCache<string, string>>();

/** decryptSecret, answered from memory when this key decrypted the same stored value lately. */
export function decryptLinkToken(key: Buffer, stored: string): string {
  let cache = byKey.get(key);
  if (!cache) {
    cache = new LRUCache<string, string>({ max: MAX_ENTRIES });
    byKey.set(key, cache);
  }
  let plain = cache.get(stored);
  if (plain === undefined) {
    // A value that does not decrypt throws here and is not kept.
    plain = decryptSecret(key, stored);
    cache.set(stored, plain);
  }
  return plain;
}
