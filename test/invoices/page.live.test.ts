// The payer's page of a live invoice (issue 14): no sandbox controls; the token and network in words
// from EVM_NETWORKS; an EIP-681 payment URI in the QR code and as the wallet link; the exact amount and
// the address with copy buttons; "Waiting for N of M confirmations" once a payment is seen.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import QRCode from 'qrcode';
import { reportPayment } from '../../src/invoices/lifecycle.js';
import { systemContext } from '../../src/platform/context.js';
import { describeEachEngine, json } from '../helpers/app.js';
import { goLive, useFakeLiveNetwork } from '../helpers/live.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const USDT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
const EVM_NETWORKS = JSON.stringify([
  {
    name: 'ethereum',
    rpcUrl: 'http://127.0.0.1:8545',
    chainId: 1,
    confirmations: 12,
    currencies: { ETH: { native: true, priceId: 'ethereum' }, USDTE: { contract: USDT, priceId: 'tether' } },
  },
]);

describeEachEngine(
  'hosted page on a live network',
  (ctx) => {
    let client: MerchantClient;
    let organisationId: string;
    const page = (url: string) => ctx().app.inject({ method: 'GET', url: new URL(url).pathname });
    const status = async (url: string) => json(await ctx().app.inject({ method: 'GET', url: `${new URL(url).pathname}/status` }));
    before(async () => {
      const network = useFakeLiveNetwork(ctx().deps);
      Object.assign(network, { decimals: (code: string) => (code === 'USDTE' ? 6 : null) });
      const org = await ctx().newOrganisation();
      organisationId = org.organisation.id;
      await goLive(ctx().app, organisationId);
      client = merchantClient(ctx().app, org.merchant);
    });

    it('an ERC-20 invoice: named in words, its EIP-681 transfer as QR and wallet link, copy buttons, no sandbox', async () => {
      const body = invoiceBody({ foreign_id: 'usdt-1', currency: 'USD', amount: '30', timer: true, sender_currency: 'USDTE' });
      const { data } = json(await client.post('/invoices/create', body));
      const res = await page(data.url);
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(res.body.includes('USDT on Ethereum (ERC-20)'));
      assert.ok(!res.body.includes('Simulate'), 'no sandbox controls');
      assert.ok(!res.body.includes('id="sandbox"'));
      assert.ok(!res.body.includes('/sandbox/'), 'no sandbox route, not even in the script');
      assert.ok(!res.body.includes('Test mode'), 'no test-mode banner');
      const uri = `ethereum:${USDT}@1/transfer?address=${data.address}&uint256=30000000`;
      assert.ok(res.body.includes(`href="${uri.replace('&', '&amp;')}"`), 'wallet link');
      assert.ok(res.body.includes('<strong id="send-amount" class="big">30 USDT</strong>'), 'the exact amount, no trailing zeros');
      assert.ok(res.body.includes('data-copy="30">Copy amount') && res.body.includes(`data-copy="${data.address}">Copy address`));
      const qr = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      assert.ok(
        res.body.includes(`<div class="qr" role="img" aria-label="QR code to pay 30 USDT from a wallet app">${qr}</div>`),
        'the QR code holds the URI',
      );
      const view = await status(data.url);
      assert.equal(view.sandbox, false);
      assert.deepEqual(view.live, { label: 'USDT on Ethereum (ERC-20)', payment_uri: uri, confirmations: null });
    });

    it('before the payer picks a currency: no sandbox controls either, not even hidden ones', async () => {
      const { data } = json(await client.post('/invoices/create', invoiceBody({ foreign_id: 'unpicked-1', timer: false })));
      const res = await page(data.url);
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(!res.body.includes('Simulate'));
      assert.ok(!res.body.includes('id="sandbox"'));
      assert.ok(!res.body.includes('/sandbox/'));
      const de = await ctx().app.inject({ method: 'GET', url: new URL(data.url).pathname, headers: { 'accept-language': 'de' } });
      assert.ok(!de.body.includes('Testmodus') && !de.body.includes('/sandbox/'));
    });

    it('a native invoice: value in wei; a seen payment waits for N of M confirmations', async () => {
      const body = invoiceBody({ foreign_id: 'eth-1', currency: 'USD', amount: '30', timer: true, sender_currency: 'ETH' });
      const { data } = json(await client.post('/invoices/create', body));
      const view = await status(data.url);
      assert.equal(view.live.label, 'ETH on Ethereum');
      assert.equal(view.live.payment_uri, `ethereum:${data.address}@1?value=10000000000000000`); // 0.01 ETH

      await reportPayment(systemContext(ctx().deps, organisationId, 'test'), {
        invoice: { foreignId: 'eth-1' },
        payment: { currency: 'ETH', amount: 400_000n, txid: `0x${'c'.repeat(64)}`, confirmations: 3 },
      });
      const seen = await status(data.url);
      assert.deepEqual(seen.live.confirmations, { seen: 3, required: 12 });
      assert.equal(seen.live.payment_uri, `ethereum:${data.address}@1?value=6000000000000000`, 'the rest still due');
      const res = await page(data.url);
      assert.ok(res.body.includes('Waiting for 3 of 12 confirmations'));
    });
  },
  { env: { EVM_NETWORKS } },
);
