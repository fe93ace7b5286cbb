// Which network serves a merchant and an invoice (issue 14): a live merchant's requests go to the live
// network the server registered (a fake one here), or are refused when there is none; its sandbox
// routes answer the vendor's 400 for a feature not enabled; an invoice keeps the mode it was created in.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CreatedOrganisation } from '../../src/organisations/service.js';
import { describeEachEngine, json } from '../helpers/app.js';
import { goLive, setMerchantSettings, useFakeLiveNetwork, type FakeLiveNetwork } from '../helpers/live.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const NOT_CONFIGURED = { error: 'Live payments are not configured on this server.', code: 'live_not_configured' };
const NO_SANDBOX = { message: 'Required features [sandbox] not enabled.' };

describeEachEngine('live mode: the network per merchant and invoice', (ctx) => {
  let live: CreatedOrganisation;
  let liveClient: MerchantClient;
  let sandboxClient: MerchantClient;
  let network: FakeLiveNetwork;
  const pagePath = (url: string) => new URL(url).pathname;
  const liveRow = async (foreignId: string) =>
    (await ctx().db.query<{ live: boolean }>('SELECT live FROM invoices WHERE foreign_id = $1', [foreignId])).rows[0]?.live;

  it('a live merchant on a server without a live network is refused, never served by the sandbox', async () => {
    live = await ctx().newOrganisation();
    liveClient = merchantClient(ctx().app, live.merchant);
    sandboxClient = merchantClient(ctx().app, (await ctx().newOrganisation()).merchant);
    await goLive(ctx().app, live.organisation.id);
    for (const [path, body] of [
      ['/invoices/create', invoiceBody({ foreign_id: 'nolive-1' })],
      ['/currencies/pairs', {}],
      ['/addresses/take', { currency: 'ETH', foreign_id: 'c-1' }],
    ] as const) {
      const res = await liveClient.post(path, body);
      assert.equal(res.statusCode, 400, path);
      assert.deepEqual(json(res), NOT_CONFIGURED, path);
    }
    assert.equal(await liveRow('nolive-1'), undefined, 'no invoice was created');
    assert.equal((await sandboxClient.post('/invoices/create', invoiceBody({ foreign_id: 'sb-0' }))).statusCode, 200);
  });

  it("creates a live merchant's invoice on the live network: its rate, its address, invoices.live", async () => {
    network = useFakeLiveNetwork(ctx().deps);
    const res = await liveClient.post(
      '/invoices/create',
      invoiceBody({ foreign_id: 'live-1', currency: 'USD', amount: '30', timer: true, sender_currency: 'ETH' }),
    );
    assert.equal(res.statusCode, 200, res.body);
    const { data } = json(res);
    assert.equal(data.sender_amount, '0.01000000'); // 30 USD at the fake network's 3000 USD/ETH
    assert.equal(data.address, `0x${'1'.padStart(40, '0')}`);
    assert.deepEqual(
      network.assigned.map((a) => [a.organisationId, a.currency]),
      [[live.organisation.id, 'ETH']],
    );
    assert.equal(await liveRow('live-1'), true);

    const rates = json(await liveClient.post('/currencies/rates', { currency_from: 'ETH', currency_to: 'USD' }));
    assert.equal(rates.data[0].rate_to, '3000.00000000');
    const sandboxRates = json(await sandboxClient.post('/currencies/rates', { currency_from: 'ETH', currency_to: 'USD' }));
    assert.notEqual(sandboxRates.data[0].rate_to, '3000.00000000');

    const sandbox = json(
      await sandboxClient.post('/invoices/create', invoiceBody({ foreign_id: 'sb-1', timer: true, sender_currency: 'ETH' })),
    );
    assert.notEqual(sandbox.data.address, data.address);
    assert.equal(network.assigned.length, 1, 'the sandbox merchant never reaches the live network');
    assert.equal(await liveRow('sb-1'), false);
  });

  it('a live merchant has no sandbox routes and cannot withdraw or exchange on a non-custodial network', async () => {
    for (const path of [
      '/sandbox/invoices/live-1/payments',
      '/sandbox/invoices/live-1/confirmations',
      `/sandbox/addresses/0x${'1'.padStart(40, '0')}/payments`,
      '/sandbox/withdrawals/w-1/complete',
    ]) {
      const res = await liveClient.post(path, {});
      assert.equal(res.statusCode, 400, path);
      assert.deepEqual(json(res), NO_SANDBOX, path);
    }
    const withdraw = await liveClient.post('/withdrawal/crypto', {
      currency: 'ETH',
      address: `0x${'2'.repeat(40)}`,
      amount: '0.1',
      foreign_id: 'w-1',
    });
    assert.equal(withdraw.statusCode, 400);
    assert.equal(json(withdraw).code, 'operation_unavailable');
    // Its watcher follows invoice addresses only: no permanent deposit address that nobody would watch.
    const take = await liveClient.post('/addresses/take', { currency: 'ETH', foreign_id: 'customer-1' });
    assert.equal(take.statusCode, 400, take.body);
    assert.deepEqual(json(take), {
      error: 'Permanent deposit addresses are not available on this payment network.',
      code: 'operation_unavailable',
    });
    const info = json(await liveClient.post('/invoices/info', { foreign_id: 'live-1' })).data;
    assert.equal(info.status, 'created');
  });

  it('an open invoice keeps its network when the merchant switches mode, both ways', async () => {
    // A sandbox invoice made before going live stays on the sandbox: its page still simulates.
    const before = json(
      await sandboxClient.post('/invoices/create', invoiceBody({ foreign_id: 'sb-2', timer: true, sender_currency: 'BTC' })),
    ).data;
    const page = await ctx().app.inject({ method: 'GET', url: `${pagePath(before.url)}/status` });
    assert.equal(json(page).sandbox, true);

    // The live merchant goes back to sandbox mode: its live invoice stays live and cannot be simulated.
    assert.equal((await setMerchantSettings(ctx().app, live.organisation.id, { mode: 'sandbox' })).statusCode, 200);
    const livePage = json(await liveClient.post('/invoices/info', { foreign_id: 'live-1' })).data.url;
    assert.equal(json(await ctx().app.inject({ method: 'GET', url: `${pagePath(livePage)}/status` })).sandbox, false);
    const simulated = await liveClient.post('/sandbox/invoices/live-1/payments', {});
    assert.equal(simulated.statusCode, 400);
    assert.deepEqual(json(simulated), NO_SANDBOX);
    const fromPage = await ctx().app.inject({ method: 'POST', url: `${pagePath(livePage)}/sandbox/payments`, payload: {} });
    assert.equal(fromPage.statusCode, 400);
    assert.equal(json(await liveClient.post('/invoices/info', { foreign_id: 'live-1' })).data.status, 'created');
    // Its new invoices are sandbox ones again.
    assert.equal((await liveClient.post('/invoices/create', invoiceBody({ foreign_id: 'back-1' }))).statusCode, 200);
    assert.equal(await liveRow('back-1'), false);
  });
});
