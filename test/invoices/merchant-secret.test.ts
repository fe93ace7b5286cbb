// The merchant secret is decrypted once per stored ciphertext (invoices/auth.ts); the verified key is
// cached per replica (platform/credential-cache.ts) and forgotten on rotation, so it takes effect at once.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { merchantSecret } from '../../src/invoices/auth.js';
import { encryptSecret } from '../../src/platform/crypto.js';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { merchantClient } from '../helpers/merchant.js';

describeEachEngine('merchant secret cache', (ctx) => {
  it('a rotated key pair works at once and the old pair is refused at once, also after it was used', async () => {
    const org = await ctx().newOrganisation();
    const old = merchantClient(ctx().app, org.merchant);
    assert.equal((await old.post('/accounts/list')).statusCode, 200);
    assert.equal((await old.post('/accounts/list')).statusCode, 200); // now from the cache

    const res = await ctx().app.inject({
      method: 'POST',
      url: `/admin/organisations/${org.organisation.id}/merchant-keys`,
      headers: bearer(ADMIN_TOKEN),
    });
    assert.equal(res.statusCode, 201);
    const rotated = json<{ key: string; secret: string }>(res);

    assert.equal((await old.post('/accounts/list')).statusCode, 403);
    // The new key signed with the old secret: refused (the cache is keyed on the new ciphertext).
    assert.equal(
      (await merchantClient(ctx().app, { key: rotated.key, secret: org.merchant.secret }).post('/accounts/list')).statusCode,
      403,
    );
    assert.equal((await merchantClient(ctx().app, rotated).post('/accounts/list')).statusCode, 200);
  });

  it('decrypts with the given key: a ciphertext is only ever its own plaintext', () => {
    const key = ctx().deps.secretKey;
    const a = encryptSecret(key, 'secret-a');
    const b = encryptSecret(key, 'secret-b');
    assert.equal(merchantSecret(key, a), 'secret-a');
    assert.equal(merchantSecret(key, b), 'secret-b');
    assert.equal(merchantSecret(key, a), 'secret-a');
    assert.throws(() => merchantSecret(Buffer.alloc(32, 1), a));
  });
});
