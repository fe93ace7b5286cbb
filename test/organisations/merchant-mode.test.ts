// A merchant's mode and xpub (issue 14): set by the admin API (problem+json 422 when refused) and by the
// merchant's signed /api/v2/settings/update (the vendor's 400); read back as the fingerprint only.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { HDKey } from '@scure/bip32';
import { findMerchant } from '../../src/invoices/auth.js';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { accountKey, accountXpub, fingerprintOf, setMerchantSettings } from '../helpers/live.js';
import { merchantClient } from '../helpers/merchant.js';

const MISSING = '00000000-0000-4000-8000-000000000000';
const seed = new Uint8Array(32).fill(9);
/** Public keys at the wrong depth, a private key, and text that is no key at all. */
const BAD_XPUBS = [
  HDKey.fromMasterSeed(seed).publicExtendedKey,
  HDKey.fromMasterSeed(seed).derive("m/44'/60'/0'/0").publicExtendedKey,
  HDKey.fromMasterSeed(seed).derive("m/44'/60'/0'").privateExtendedKey,
  `${accountXpub().slice(0, -1)}${accountXpub().endsWith('a') ? 'b' : 'a'}`,
  'xpub-not-a-key',
];

describeEachEngine('merchant mode and xpub', (ctx) => {
  const read = async (id: string) =>
    json(await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${id}/merchant`, headers: bearer(ADMIN_TOKEN) }));

  it('is sandbox without a key by default; live with a valid xpub shows only its fingerprint', async () => {
    const org = await ctx().newOrganisation();
    const id = org.organisation.id;
    assert.deepEqual(await read(id), { callback_url: null, mode: 'sandbox', evm_xpub_fingerprint: null });
    assert.equal((await findMerchant(ctx().deps, org.merchant.key))?.mode, 'sandbox');

    const res = await setMerchantSettings(ctx().app, id, { mode: 'live', evm_xpub: accountXpub(1) });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json(res), { callback_url: null, mode: 'live', evm_xpub_fingerprint: fingerprintOf(1) });
    const shown = await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${id}/merchant`, headers: bearer(ADMIN_TOKEN) });
    assert.deepEqual(json(shown), { callback_url: null, mode: 'live', evm_xpub_fingerprint: fingerprintOf(1) });
    assert.ok(!shown.body.includes(accountXpub(1).slice(4, 20)), 'the key itself is never shown');
    assert.equal((await findMerchant(ctx().deps, org.merchant.key))?.mode, 'live');

    // A new key keeps the mode; back to sandbox keeps the key.
    assert.equal(json(await setMerchantSettings(ctx().app, id, { evm_xpub: accountXpub(2) })).evm_xpub_fingerprint, fingerprintOf(2));
    assert.deepEqual(json(await setMerchantSettings(ctx().app, id, { mode: 'sandbox' })), {
      callback_url: null,
      mode: 'sandbox',
      evm_xpub_fingerprint: fingerprintOf(2),
    });
    assert.notEqual(fingerprintOf(1), fingerprintOf(2));
    assert.equal(accountKey(1).depth, 3);
  });

  it('refuses live mode without a valid xpub and a bad xpub with a 422 naming the field; nothing changes', async () => {
    const org = await ctx().newOrganisation();
    const id = org.organisation.id;
    const live = await setMerchantSettings(ctx().app, id, { mode: 'live' });
    assert.equal(live.statusCode, 422);
    assert.match(String(live.headers['content-type']), /^application\/problem\+json/);
    assert.deepEqual(
      json(live).violations.map((v: { propertyPath: string }) => v.propertyPath),
      ['mode'],
    );
    for (const xpub of BAD_XPUBS) {
      const res = await setMerchantSettings(ctx().app, id, { mode: 'live', evm_xpub: xpub });
      assert.equal(res.statusCode, 422, xpub);
      assert.equal(json(res).violations[0].propertyPath, 'evm_xpub');
    }
    // Checked before anything is written: a bad callback URL keeps the mode from changing too.
    const mixed = await setMerchantSettings(ctx().app, id, { mode: 'live', evm_xpub: accountXpub(), callback_url: 'ftp://x' });
    assert.equal(mixed.statusCode, 422);
    assert.equal(json(mixed).violations[0].propertyPath, 'callback_url');
    for (const payload of [{}, { mode: 'production' }, { evm_xpub: 42 }, { other: 1 }]) {
      assert.equal((await setMerchantSettings(ctx().app, id, payload)).statusCode, 422, JSON.stringify(payload));
    }
    assert.deepEqual(await read(id), { callback_url: null, mode: 'sandbox', evm_xpub_fingerprint: null });
    assert.equal((await setMerchantSettings(ctx().app, MISSING, { mode: 'sandbox' })).statusCode, 404);
    const anonymous = await ctx().app.inject({ method: 'PATCH', url: `/admin/organisations/${id}/merchant`, payload: { mode: 'sandbox' } });
    assert.equal(anonymous.statusCode, 401);
  });

  it("the merchant sets its mode and xpub on the signed settings route, refused in the vendor's 400 shape", async () => {
    const org = await ctx().newOrganisation();
    const merchant = merchantClient(ctx().app, org.merchant);
    const live = await merchant.post('/settings/update', { mode: 'live' });
    assert.equal(live.statusCode, 400);
    assert.match(json(live).errors.mode, /Live mode needs a valid evm xpub/);
    const bad = await merchant.post('/settings/update', { mode: 'live', evm_xpub: BAD_XPUBS[0] });
    assert.equal(bad.statusCode, 400);
    assert.match(json(bad).errors.evm_xpub, /account-level extended public key/);
    const wrongMode = await merchant.post('/settings/update', { mode: 'production' });
    assert.deepEqual(json(wrongMode), { errors: { mode: 'The selected mode is invalid.' } });
    const none = await merchant.post('/settings/update', {});
    assert.equal(none.statusCode, 400);
    assert.ok(json(none).errors.callback_url);
    assert.deepEqual(json(await merchant.post('/settings/info', {})).data, {
      callback_url: null,
      mode: 'sandbox',
      evm_xpub_fingerprint: null,
    });

    const ok = await merchant.post('/settings/update', { mode: 'live', evm_xpub: accountXpub(3) });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(json(ok), { data: { callback_url: null, mode: 'live', evm_xpub_fingerprint: fingerprintOf(3) } });
    assert.deepEqual(json(await merchant.post('/settings/info', {})).data.mode, 'live');
    assert.equal((await read(org.organisation.id)).evm_xpub_fingerprint, fingerprintOf(3));
  });
});
