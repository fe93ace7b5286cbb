// A live merchant's settings and catalogue (issue 14): currencies/list shows only the crypto
// currencies its live EVM network takes (every fiat one still prices an invoice) while a sandbox
// merchant keeps the whole catalogue; the xpub can be removed (admin PATCH, null) in sandbox mode
// only — in live mode the admin's 422 problem names the field and nothing changes.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createEvmNetwork } from '../../src/invoices/network/evm/adapter.js';
import { useLiveNetwork } from '../../src/invoices/network/index.js';
import { CURRENCIES } from '../../src/invoices/currencies.js';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { accountXpub, fingerprintOf, goLive, setMerchantSettings } from '../helpers/live.js';
import { merchantClient } from '../helpers/merchant.js';
import { fixedPrices } from '../chain/support.js';

const FIAT = CURRENCIES.filter((c) => c.type === 'fiat').map((c) => c.currency);
const CRYPTO = CURRENCIES.filter((c) => c.type === 'crypto').map((c) => c.currency);
const TOKEN = `0x${'ab'.repeat(20)}` as const;

describeEachEngine('live mode: currencies and xpub removal', (ctx) => {
  const read = async (id: string) =>
    json(await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${id}/merchant`, headers: bearer(ADMIN_TOKEN) }));

  it("currencies/list of a live merchant: only its network's crypto currencies, every fiat one; sandbox: the whole catalogue", async () => {
    // The real adapter, on a chain it never needs to reach for its catalogue.
    const config = {
      name: 'listing',
      rpcUrl: 'http://127.0.0.1:9',
      chainId: 1,
      confirmations: 12,
      currencies: { ETH: { native: true as const, priceId: 'ethereum' }, USDTE: { contract: TOKEN, priceId: 'tether' } },
      pollIntervalMs: 1000,
    };
    useLiveNetwork(ctx().deps, createEvmNetwork(ctx().deps, [config], fixedPrices));
    const live = await ctx().newOrganisation();
    await goLive(ctx().app, live.organisation.id);
    const sandbox = await ctx().newOrganisation();
    const codes = async (client: ReturnType<typeof merchantClient>) => {
      const res = await client.post('/currencies/list', {});
      assert.equal(res.statusCode, 200, res.body);
      const list = json(res).data as Array<Record<string, unknown>>;
      for (const c of list)
        assert.deepEqual(Object.keys(c).sort(), [
          'currency',
          'deposit_fee_percent',
          'id',
          'minimum_amount',
          'precision',
          'type',
          'withdrawal_fee_percent',
        ]);
      return list.map((c) => c.currency as string);
    };
    const liveCodes = await codes(merchantClient(ctx().app, live.merchant));
    assert.deepEqual(liveCodes.filter((c) => CRYPTO.includes(c)).sort(), ['ETH', 'USDTE']);
    assert.deepEqual(liveCodes.filter((c) => FIAT.includes(c)).sort(), [...FIAT].sort());
    assert.deepEqual((await codes(merchantClient(ctx().app, sandbox.merchant))).sort(), CURRENCIES.map((c) => c.currency).sort());
    assert.ok(CRYPTO.length > 2, 'the sandbox catalogue has more crypto than the live network takes');
  });

  it('removes the xpub in sandbox mode only; in live mode the 422 problem names evm_xpub and nothing changes', async () => {
    const id = (await ctx().newOrganisation()).organisation.id;
    await goLive(ctx().app, id);
    const refused = await setMerchantSettings(ctx().app, id, { evm_xpub: null });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.match(refused.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(json(refused).violations[0].propertyPath, 'evm_xpub');
    assert.match(json(refused).violations[0].message, /only be removed in sandbox mode/);
    assert.deepEqual(await read(id), { callback_url: null, mode: 'live', evm_xpub_fingerprint: fingerprintOf(1) });

    // Back to sandbox: now it can go; going live again needs a new one.
    assert.equal((await setMerchantSettings(ctx().app, id, { mode: 'sandbox' })).statusCode, 200);
    const removed = await setMerchantSettings(ctx().app, id, { evm_xpub: null });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(json(removed), { callback_url: null, mode: 'sandbox', evm_xpub_fingerprint: null });
    assert.deepEqual(await read(id), { callback_url: null, mode: 'sandbox', evm_xpub_fingerprint: null });
    const live = await setMerchantSettings(ctx().app, id, { mode: 'live' });
    assert.equal(live.statusCode, 422);
    assert.equal(json(live).violations[0].propertyPath, 'mode');
    const again = await setMerchantSettings(ctx().app, id, { mode: 'live', evm_xpub: accountXpub(3) });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(json(again).evm_xpub_fingerprint, fingerprintOf(3));
  });
});
