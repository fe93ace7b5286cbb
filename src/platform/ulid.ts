// ULIDs for event ids (outbox.ts): 48 bits of milliseconds and 80 random bits, Crockford base 32,
// as ulidx's `ulid()` makes them. ulidx asks the CSPRNG once per character (16 calls an id, about a
// third of a signed cancel's CPU); this takes the randomness from the pool crypto.ts fills 4 KiB at a time.
import { randomBytes } from './crypto.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new ULID (26 characters; sortable by its time part, not monotonic within a millisecond). */
export function ulid(now = Date.now()): string {
  const bytes = randomBytes(16);
  let time = '';
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = ALPHABET[t % 32]! + time;
  let random = '';
  // One byte per character, its low 5 bits: uniform, since 256 is a multiple of 32.
  for (let i = 0; i < 16; i++) random += ALPHABET[bytes[i]! & 31]!;
  return time + random;
}
