import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { decryptSecret, encryptSecret, safeEqual, sha256 } from '../../src/platform/crypto.js';
import { newApiToken } from '../../src/organisations/credentials.js';

describe('crypto', () => {
  const key = crypto.randomBytes(32);

  it('encrypts secrets with AES-256-GCM: round trip, fresh IV each time, no plaintext at rest', () => {
    const a = encryptSecret(key, 'merchant-secret');
    const b = encryptSecret(key, 'merchant-secret');
    assert.notEqual(a, b);
    assert.ok(!a.includes('merchant-secret'));
    assert.equal(decryptSecret(key, a), 'merchant-secret');
  });

  it('refuses a tampered ciphertext or the wrong key', () => {
    const stored = encryptSecret(key, 'merchant-secret');
    const parts = stored.split(':');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    assert.throws(() => decryptSecret(key, parts.join(':')));
    assert.throws(() => decryptSecret(crypto.randomBytes(32), stored));
  });

  it('makes API tokens of api_ + 32 random bytes and stores only their SHA-256', () => {
    const { token, hash, prefix } = newApiToken();
    assert.match(token, /^api_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(hash, sha256(token));
    assert.ok(token.startsWith(prefix) && prefix.length < 16);
  });

  it('compares in constant time, also across lengths', () => {
    assert.equal(safeEqual('abc', 'abc'), true);
    assert.equal(safeEqual('abc', 'abd'), false);
    assert.equal(safeEqual('abc', 'abcd'), false);
  });
});
