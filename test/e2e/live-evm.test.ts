// Live EVM payments end to end (issue 14), all through public HTTP against a real `offerpay serve`
// process, a real Anvil chain and the CoinGecko stand-in: the operator switches a merchant to live mode
// with its xpub and a callback URL; the merchant creates EUR invoices; the payer picks ETH (or USDT)
// on the hosted page, gets the merchant's own address (checked against an independent derivation)
// and the amount, and pays it on the chain; blocks are mined; the invoice is processing at the first
// block and confirmed at the configured depth; the signed callbacks (pending on the pick, processing,
// confirmed) arrive in order; the page agrees.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parseEther } from 'viem';
import { HDKey } from 'viem/accounts';
import { verify } from '../../src/invoices/signature.js';
import { merchantAddress, MERCHANT_XPUB, startAnvil, type Anvil } from '../chain/anvil.js';
import { startPriceServer, type PriceServer } from '../helpers/coingecko.js';
import { createPostgresDatabase, engines } from '../helpers/db.js';
import { preparedDataDir, startServerProcess, type ServerProcess } from '../helpers/process.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const CONFIRMATIONS = 3;
/** EUR prices: 25 EUR is 0.01 ETH, or 25 USDT. */
const PRICES = { ethereum: { eur: 2500, usd: 2700 }, tether: { eur: 1, usd: 1.08 } };

const sign = (secret: string, body: string) => crypto.createHmac('sha512', secret).update(body).digest('hex');

/** Polls `read` until `done` holds; fails with the last value after `timeoutMs`. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const engine of engines) {
  describe(`live EVM payments end to end [${engine}]`, { timeout: 120_000 }, () => {
    let anvil: Anvil;
    let token: `0x${string}`;
    let prices: PriceServer;
    let receiver: Receiver;
    let server: ServerProcess;
    let dropDatabase: (() => Promise<void>) | undefined;
    let merchant: { key: string; secret: string };
    let B: string;

    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${B}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const merchantPost = async (path: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const response = await fetch(`${B}/api/v2${path}`, {
        method: 'POST',
        headers: {
          'x-processing-key': merchant.key,
          'x-processing-signature': sign(merchant.secret, body),
          'content-type': 'application/json',
        },
        body,
      });
      const text = await response.text();
      assert.equal(response.status, 200, `${path}: ${text}`);
      return JSON.parse(text).data;
    };
    const info = (foreignId: string) => merchantPost('/invoices/info', { foreign_id: foreignId });
    const pageStatus = async (url: string) => (await fetch(`${url}/status`)).json() as Promise<any>;
    const callbacks = (foreignId: string) =>
      receiver.requests.map((r) => ({ ...r, data: JSON.parse(r.body) })).filter((r) => r.data.foreign_id === foreignId);

    /** The merchant creates an EUR invoice; the payer opens the page and picks `currency` there. */
    async function invoicePickedOnPage(foreignId: string, currency: string) {
      const created = await merchantPost('/invoices/create', {
        timer: true,
        title: `Order ${foreignId}`,
        currency: 'EUR',
        amount: '25.00',
        foreign_id: foreignId,
        url_success: 'https://shop.example.com/ok',
        url_failed: 'https://shop.example.com/failed',
      });
      assert.equal(created.status, 'created');
      assert.equal(created.address, null, 'no address before the payer picks');
      assert.ok(created.url.startsWith(`${B}/invoice/`), created.url);
      const page = await fetch(created.url);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.ok(!html.includes('Simulate') && !html.includes('id="sandbox"'), 'no sandbox controls on a live invoice');
      const before = await pageStatus(created.url);
      assert.equal(before.sandbox, false);
      // The prices are fetched in the background at start: the page quotes once they are in.
      await until(
        () => pageStatus(created.url),
        (v) => v.currencies.some((c: any) => c.currency === currency && c.amount !== null),
        `${currency} quoted on the page`,
      );
      const picked = await fetch(`${created.url}/currency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currency }),
      });
      const view = (await picked.json()) as any;
      assert.equal(picked.status, 200, JSON.stringify(view));
      assert.equal(view.status, 'pending', 'the currency picked: rate fixed, address assigned');
      return { url: created.url as string, view };
    }

    before(async () => {
      anvil = await startAnvil();
      token = await anvil.deployToken();
      prices = await startPriceServer(structuredClone(PRICES));
      receiver = await startReceiver();
      const evmNetworks = [
        {
          name: 'anvil',
          rpcUrl: anvil.url,
          chainId: 31337,
          confirmations: CONFIRMATIONS,
          currencies: { ETH: { native: true, priceId: 'ethereum' }, USDTE: { contract: token, priceId: 'tether' } },
          pollIntervalMs: 100,
        },
      ];
      let storage: Record<string, string>;
      if (engine === 'postgres') {
        const database = await createPostgresDatabase();
        dropDatabase = database.drop;
        storage = { DATABASE_URL: database.url, SECRET_KEY: crypto.randomBytes(32).toString('hex') };
      } else {
        storage = { DATA_DIR: await preparedDataDir() };
      }
      server = await startServerProcess({
        ...storage,
        NODE_ENV: 'production',
        ADMIN_TOKEN,
        RATES_URL: prices.url,
        EVM_NETWORKS: JSON.stringify(evmNetworks),
        RATE_LIMITS: 'off',
        ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
      });
      B = server.baseUrl;

      // The operator: an organisation, then live mode with the merchant's xpub and its callback URL.
      const org = await admin('POST', '/admin/organisations', { name: 'Live Shop' });
      assert.equal(org.status, 201);
      const created = (await org.json()) as { organisation: { id: string }; merchant: { key: string; secret: string } };
      merchant = created.merchant;
      const id = created.organisation.id;
      const patched = await admin('PATCH', `/admin/organisations/${id}/merchant`, {
        mode: 'live',
        evm_xpub: MERCHANT_XPUB,
        callback_url: `${receiver.url}/cb`,
      });
      const patchedText = await patched.text();
      assert.equal(patched.status, 200, patchedText);
      assert.ok(!patchedText.includes(MERCHANT_XPUB), 'the xpub is never shown');
      const read = await admin('GET', `/admin/organisations/${id}/merchant`);
      const readText = await read.text();
      assert.ok(!readText.includes(MERCHANT_XPUB), 'the xpub is never shown');
      const fingerprint = HDKey.fromExtendedKey(MERCHANT_XPUB).fingerprint.toString(16).padStart(8, '0');
      assert.deepEqual(JSON.parse(readText), { callback_url: `${receiver.url}/cb`, mode: 'live', evm_xpub_fingerprint: fingerprint });
    });

    after(async () => {
      if (server) {
        server.child.kill('SIGTERM');
        const code = await server.exited;
        assert.equal(code, 0, server.output());
      }
      await receiver?.close();
      await prices?.close();
      await anvil?.stop();
      await dropDatabase?.();
    });

    it('ETH: picked on the page, paid to the merchant-derived address, processing at the first block, confirmed at depth 3, signed callbacks in order', async () => {
      const { url, view } = await invoicePickedOnPage('eth-1', 'ETH');
      assert.equal(view.address, merchantAddress(0), 'deposit address 0 of the merchant, as its wallet derives it');
      assert.equal(view.sender_currency, 'ETH');
      assert.equal(view.sender_amount, '0.01000000', '25 EUR at 2500 EUR/ETH');
      assert.equal(view.live.label, 'ETH on Anvil');
      const wei = parseEther(view.sender_amount);
      assert.equal(view.live.payment_uri, `ethereum:${view.address}@31337?value=${wei}`);
      const html = await (await fetch(url)).text();
      assert.ok(html.includes(view.address) && !html.includes('Simulate'));

      await anvil.pay(view.address, wei);
      assert.equal((await info('eth-1')).status, 'pending', 'currency picked; nothing seen before the block');
      await anvil.mine();
      let data = await until(
        () => info('eth-1'),
        (d) => d.status !== 'pending',
        'processing after the first block',
      );
      assert.equal(data.status, 'processing');
      assert.equal(data.transactions.length, 1);
      assert.equal(data.transactions[0].amount, '0.01000000');
      assert.equal(data.transactions[0].confirmations, '1');
      const waiting = await pageStatus(url);
      assert.equal(waiting.status, 'processing');
      assert.deepEqual(waiting.live.confirmations, { seen: 1, required: CONFIRMATIONS });
      assert.ok((await (await fetch(url)).text()).includes(`Waiting for 1 of ${CONFIRMATIONS} confirmations`));

      await anvil.mine();
      data = await until(
        () => info('eth-1'),
        (d) => d.transactions[0].confirmations === '2',
        'two confirmations',
      );
      assert.equal(data.status, 'processing', 'still processing at depth 2');
      await anvil.mine();
      data = await until(
        () => info('eth-1'),
        (d) => d.status !== 'processing',
        'confirmed at depth 3',
      );
      assert.equal(data.status, 'confirmed');
      assert.equal(data.transactions[0].confirmations, String(CONFIRMATIONS));
      assert.equal(data.currency_sent.amount, '0.01000000');

      const received = await until(
        async () => callbacks('eth-1'),
        (c) => c.length >= 3,
        'three callbacks',
      );
      assert.deepEqual(
        received.map((c) => c.data.status),
        ['pending', 'processing', 'confirmed'],
      );
      for (const c of received) {
        assert.equal(c.url, '/cb');
        assert.ok(verify(merchant.secret, c.body, String(c.headers['x-processing-signature'])), 'signed with the merchant secret');
      }
      const final = await pageStatus(url);
      assert.equal(final.status, 'confirmed');
      assert.equal(final.remaining, '0.00000000');
      assert.equal(final.redirect_url, 'https://shop.example.com/ok');
      assert.equal(final.live, null, 'a final invoice carries no payment instructions');
    });

    it('USDT (ERC-20): picked on the page, paid by a token transfer, confirmed at depth 3, signed callbacks in order', async () => {
      const { url, view } = await invoicePickedOnPage('usdt-1', 'USDTE');
      assert.equal(view.address, merchantAddress(1), 'the next address: never reused');
      assert.equal(view.sender_amount, '25.00000000');
      assert.equal(view.live.label, 'USDT on Anvil (ERC-20)');
      const units = 25n * 10n ** 18n; // the token's 18 decimals, read from the chain
      assert.equal(view.live.payment_uri, `ethereum:${token}@31337/transfer?address=${view.address}&uint256=${units}`);

      await anvil.payToken(token, view.address, units);
      await anvil.mine();
      const seen = await until(
        () => info('usdt-1'),
        (d) => d.status !== 'pending',
        'processing after the first block',
      );
      assert.equal(seen.status, 'processing');
      await anvil.mine(CONFIRMATIONS - 1);
      const data = await until(
        () => info('usdt-1'),
        (d) => d.status !== 'processing',
        'confirmed at depth 3',
      );
      assert.equal(data.status, 'confirmed');
      assert.deepEqual(
        data.transactions.map((t: any) => [t.currency, t.amount, t.confirmations]),
        [['USDTE', '25.00000000', String(CONFIRMATIONS)]],
      );
      const received = await until(
        async () => callbacks('usdt-1'),
        (c) => c.length >= 3,
        'three callbacks',
      );
      assert.deepEqual(
        received.map((c) => c.data.status),
        ['pending', 'processing', 'confirmed'],
      );
      for (const c of received) assert.ok(verify(merchant.secret, c.body, String(c.headers['x-processing-signature'])));
      assert.equal((await pageStatus(url)).status, 'confirmed');
    });
  });
}
