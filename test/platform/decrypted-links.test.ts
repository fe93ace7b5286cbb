import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { encryptSecret } from '../../src/platform/crypto.js';
import { decryptLinkToken } from '../../src/platform/decrypted-links.js';

describe('decrypted link tokens', () => {
  it('shows the token, and the second time from memory without deciphering again', () => {
    const key = crypto.randomBytes(32);
    const stored = encryptSecret(key, 'link-token');
    assert.equal(decryptLinkToken(key, stored), 'link-token');
    // Changing the key's bytes in place would make a decipher fail its tag check: only memory answers.
    key[0] = key[0]! ^ 1;
    assert.equal(decryptLinkToken(key, stored), 'link-token');
    assert.throws(() => decryptLinkToken(key, encryptSecret(crypto.randomBytes(32), 'other')));
  });

  it('never shows a value kept for one key to another key', () => {
    const a = crypto.randomBytes(32);
    const stored = encryptSecret(a, 'link-token');
    assert.equal(decryptLinkToken(a, stored), 'link-token');
    assert.throws(() => decryptLinkToken(crypto.randomBytes(32), stored));
  });

  it('keeps nothing of a value that does not decrypt', () => {
    const key = crypto.randomBytes(32);
    const parts = encryptSecret(key, 'link-token').split(':');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    const tampered = parts.join(':');
    assert.throws(() => decryptLinkToken(key, tampered));
    assert.throws(() => decryptLinkToken(key, tampered));
  });
});
