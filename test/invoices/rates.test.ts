// The live price feed (issue 14) against a stand-in CoinGecko server: the documented request, exact
// decimal prices, every conversion direction, the 60 s cache refreshed behind the reads, a timeout, and
// a price older than 10 minutes refused, by the feed and by the Merchant API (the vendor's 400).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPriceFeed, type PriceFeed } from '../../src/invoices/rates/feed.js';
import { priceFeedFor } from '../../src/invoices/rates/from-config.js';
import { scaledPrice } from '../../src/invoices/rates/decimal.js';
import { StalePriceError } from '../../src/invoices/rates/stale.js';
import { useLiveNetwork } from '../../src/invoices/network/index.js';
import { describeEachEngine, json } from '../helpers/app.js';
import { startPriceServer, type PriceServer } from '../helpers/coingecko.js';
import { goLive } from '../helpers/live.js';
import { merchantClient } from '../helpers/merchant.js';

const PRICES = { ethereum: { eur: 3012.5, usd: 3250.1, gbp: 2600 }, tether: { eur: 0.92, usd: 1.0, gbp: 0.79 } };
const COINS = { ETH: 'ethereum', USDTE: 'tether' };
const MINUTE = 60_000;

describe('price feed', () => {
  let server: PriceServer;
  let time = 1_000_000;
  const feed = (extra: { timeoutMs?: number } = {}): PriceFeed =>
    createPriceFeed({ url: server.url, coins: COINS, fiats: ['EUR', 'USD', 'GBP'], now: () => time, ...extra });
  before(async () => {
    server = await startPriceServer(structuredClone(PRICES));
  });
  after(() => server.close());

  it('reads JSON numbers as exact decimals', () => {
    assert.equal(scaledPrice(3012.5), 3012_500000000000000000n);
    assert.equal(scaledPrice(0.92), 920000000000000000n);
    assert.equal(scaledPrice(1.5e-7), 150000000000n);
    assert.equal(scaledPrice(1e21), 10n ** 39n);
    for (const bad of [0, -1, Number.NaN, '3', null]) assert.equal(scaledPrice(bad), null);
  });

  it('asks the documented URL and converts crypto↔fiat, crypto↔crypto and fiat↔fiat in 1e-8 units', async () => {
    const f = feed();
    await f.refresh();
    const asked = server.requests.at(-1)!;
    assert.equal(asked.pathname, '/api/v3/simple/price');
    assert.equal(asked.searchParams.get('ids'), 'ethereum,tether');
    assert.equal(asked.searchParams.get('vs_currencies'), 'eur,gbp,usd');
    assert.equal(f.rate('ETH', 'EUR'), 3012_50000000n);
    assert.equal(f.rate('USDTE', 'EUR'), 92000000n);
    assert.equal(f.rate('EUR', 'ETH'), 33195n); // 1 / 3012.5, truncated
    assert.equal(f.quote(100_00000000n, 'EUR', 'ETH'), 3319503n); // 100 / 3012.5 = 0.0331950207…, rounded up
    assert.equal(f.rate('ETH', 'USDTE'), 3250_10000000n); // through USD
    assert.equal(f.rate('EUR', 'GBP'), (2600n * 10n ** 8n * 10n) / 30125n); // through ethereum's prices
    assert.equal(f.rate('EUR', 'EUR'), 10n ** 8n);
    assert.equal(f.rate('ETH', 'JPY'), null);
    assert.equal(f.rate('BTC', 'EUR'), null);
  });

  it('caches for 60 s and refreshes behind the reads; a failed refresh keeps the prices until they are 10 minutes old', async () => {
    const f = feed();
    await f.refresh();
    const count = server.requests.length;
    time += 30_000;
    f.rate('ETH', 'EUR');
    assert.equal(server.requests.length, count, 'cached');
    server.prices.ethereum!.eur = 3100;
    time += 31_000;
    assert.equal(f.rate('ETH', 'EUR'), 3012_50000000n, 'answered from the cache while it refreshes');
    await f.refresh(); // the in-flight refresh
    assert.equal(server.requests.length, count + 1);
    assert.equal(f.rate('ETH', 'EUR'), 3100_00000000n);

    server.mode = 'fail';
    await assert.rejects(f.refresh(), /500/);
    time += 9 * MINUTE;
    assert.equal(f.rate('ETH', 'EUR'), 3100_00000000n);
    time += 2 * MINUTE;
    assert.throws(
      () => f.rate('ETH', 'EUR'),
      (e: unknown) => e instanceof StalePriceError && e.priceId === 'ethereum' && /ethereum price in EUR is stale/.test(e.message),
    );
    server.mode = 'ok';
    await f.refresh();
    assert.equal(f.rate('ETH', 'EUR'), 3100_00000000n, 'quotes again once the feed answers');
  });

  it('gives up on a feed that does not answer', async () => {
    server.mode = 'hang';
    const started = Date.now();
    await assert.rejects(feed({ timeoutMs: 200 }).refresh());
    assert.ok(Date.now() - started < 2000);
    server.mode = 'ok';
  });

  it('is built from the configuration only with RATES_URL and networks', () => {
    const network = { name: 'ethereum', rpcUrl: 'http://x', chainId: 1, confirmations: 1, pollIntervalMs: 2000 };
    const currencies = { ETH: { native: true as const, priceId: 'ethereum' } };
    assert.equal(priceFeedFor({ ratesUrl: null, evmNetworks: [{ ...network, currencies }] }), null);
    assert.equal(priceFeedFor({ ratesUrl: server.url, evmNetworks: [] }), null);
    assert.ok(priceFeedFor({ ratesUrl: server.url, evmNetworks: [{ ...network, currencies }] }));
  });
});

describeEachEngine("stale prices through the Merchant API: the vendor's 400 naming the price", (ctx) => {
  it('refuses to quote a live merchant from a stale price', async () => {
    const server = await startPriceServer(structuredClone(PRICES));
    let time = 5_000_000;
    try {
      const f = createPriceFeed({ url: server.url, coins: COINS, fiats: ['EUR', 'USD'], now: () => time });
      await f.refresh();
      useLiveNetwork(ctx().deps, {
        name: 'evm-test',
        simulated: false,
        custodial: false,
        assignAddress: async () => ({ address: `0x${'ab'.repeat(20)}`, tag: null }),
        rate: (from, to) => f.rate(from, to),
        quote: (amount, from, to) => f.quote(amount, from, to),
      });
      const org = await ctx().newOrganisation();
      await goLive(ctx().app, org.organisation.id);
      const client = merchantClient(ctx().app, org.merchant);
      const fresh = json(await client.post('/currencies/rates', { currency_from: 'ETH', currency_to: 'EUR' }));
      assert.equal(fresh.data[0].rate_to, '3012.50000000');
      server.mode = 'fail';
      time += 11 * MINUTE;
      const stale = await client.post('/currencies/rates', { currency_from: 'ETH', currency_to: 'EUR' });
      assert.equal(stale.statusCode, 400);
      assert.equal(json(stale).code, 'stale_price');
      assert.match(json(stale).error, /ethereum price in EUR is stale/);
    } finally {
      await server.close();
    }
  });
});
