// EVM_NETWORKS and RATES_URL (issue 14): read at start, every mistake a ConfigError naming the variable
// and the place inside it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

const USDT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const ethereum = {
  name: 'ethereum',
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 1,
  confirmations: 12,
  currencies: {
    ETH: { native: true, priceId: 'ethereum' },
    USDTE: { contract: USDT, priceId: 'tether' },
    USDC: { contract: USDC, priceId: 'usd-coin' },
  },
};

const refused = (networks: unknown, pattern: RegExp) =>
  assert.throws(
    () => loadConfig({ EVM_NETWORKS: typeof networks === 'string' ? networks : JSON.stringify(networks) }),
    (e: unknown) =>
      e instanceof ConfigError && e.variable === 'EVM_NETWORKS' && e.message.startsWith('EVM_NETWORKS: ') && pattern.test(e.message),
    String(pattern),
  );

describe('EVM_NETWORKS and RATES_URL', () => {
  it('none by default; the documented entry with its defaults', () => {
    assert.deepEqual(loadConfig({}).evmNetworks, []);
    assert.equal(loadConfig({}).ratesUrl, null);
    const [n] = loadConfig({ EVM_NETWORKS: JSON.stringify([ethereum]) }).evmNetworks;
    assert.deepEqual(n, { ...ethereum, pollIntervalMs: 2000 });
    const [m] = loadConfig({ EVM_NETWORKS: JSON.stringify([{ ...ethereum, pollIntervalMs: 500, startBlock: 19000000 }]) }).evmNetworks;
    assert.equal(m!.pollIntervalMs, 500);
    assert.equal(m!.startBlock, 19000000);
    const two = [ethereum, { ...ethereum, name: 'polygon', chainId: 137, currencies: { USDTT: { contract: USDT, priceId: 'tether' } } }];
    assert.deepEqual(
      loadConfig({ EVM_NETWORKS: JSON.stringify(two) }).evmNetworks.map((x) => x.name),
      ['ethereum', 'polygon'],
    );
  });

  it('refuses every malformed entry, naming where', () => {
    refused('not json', /is not valid JSON/);
    refused({ name: 'ethereum' }, /must be a JSON array/);
    refused([42], /\[0\]: must be an object/);
    const { rpcUrl: _, ...noRpc } = ethereum;
    refused([noRpc], /\[0\]\.rpcUrl: must be an http\(s\) or ws\(s\) URL/);
    refused([{ ...ethereum, rpcUrl: 'ftp://node' }], /\[0\]\.rpcUrl/);
    refused([{ ...ethereum, name: '' }], /\[0\]\.name/);
    refused([{ ...ethereum, chainId: '1' }], /\[0\]\.chainId: must be an integer of at least 1/);
    refused([{ ...ethereum, confirmations: 0 }], /\[0\]\.confirmations: must be an integer of at least 1/);
    refused([{ ...ethereum, confirmations: 1.5 }], /\[0\]\.confirmations/);
    refused([{ ...ethereum, pollIntervalMs: 10 }], /\[0\]\.pollIntervalMs/);
    refused([{ ...ethereum, startBlock: -1 }], /\[0\]\.startBlock/);
    refused([{ ...ethereum, rpcURL: 'x' }], /\[0\]\.rpcURL: is not a known field/);
    refused([{ ...ethereum, currencies: {} }], /\[0\]\.currencies: must be an object with at least one currency/);
    const bad = (currencies: unknown) => [{ ...ethereum, currencies }];
    refused(bad({ USDTE: { contract: '0x1234', priceId: 'tether' } }), /\[0\]\.currencies\.USDTE\.contract: must be an address/);
    refused(bad({ USDTE: { contract: USDT } }), /\[0\]\.currencies\.USDTE\.priceId/);
    refused(bad({ ETH: { priceId: 'ethereum' } }), /\[0\]\.currencies\.ETH: needs exactly one of/);
    refused(bad({ ETH: { native: true, contract: USDT, priceId: 'ethereum' } }), /needs exactly one of/);
    refused(bad({ ETH: { native: false, priceId: 'ethereum' } }), /\.native: must be true/);
    refused(bad({ eth: { native: true, priceId: 'ethereum' } }), /\.currencies\.eth: must be named by a crypto currency code/);
    refused(bad({ EUR: { contract: USDT, priceId: 'tether' } }), /\.currencies\.EUR/);
    refused(bad({ ETH: { native: true, priceId: 'ethereum' }, LTC: { native: true, priceId: 'litecoin' } }), /more than one native/);
    // A code the Merchant API does not know could not be booked: refused at start, not by a stalled watcher.
    refused(
      bad({ POL: { native: true, priceId: 'polygon-ecosystem-token' } }),
      /\.currencies\.POL: is not a currency the Merchant API knows/,
    );
  });

  it('refuses a currency code, a name or a chain id used twice', () => {
    const polygon = { ...ethereum, name: 'polygon', chainId: 137, currencies: { USDC: { contract: USDC, priceId: 'usd-coin' } } };
    refused([ethereum, polygon], /\[1\]\.currencies\.USDC: USDC is also configured on \[0\]/);
    refused(
      [ethereum, { ...ethereum, chainId: 5, currencies: { LTC: { native: true, priceId: 'litecoin' } } }],
      /\[1\]\.name: "ethereum" is also/,
    );
    refused(
      [ethereum, { ...ethereum, name: 'copy', currencies: { LTC: { native: true, priceId: 'litecoin' } } }],
      /\[1\]\.chainId: 1 is also/,
    );
  });

  it('reads RATES_URL as an http(s) base URL without a trailing slash', () => {
    assert.equal(loadConfig({ RATES_URL: 'https://api.coingecko.com/' }).ratesUrl, 'https://api.coingecko.com');
    assert.equal(loadConfig({ RATES_URL: 'http://127.0.0.1:9999' }).ratesUrl, 'http://127.0.0.1:9999');
    for (const bad of ['not a url', 'ftp://prices.example'])
      assert.throws(
        () => loadConfig({ RATES_URL: bad }),
        (e: unknown) => e instanceof ConfigError && e.variable === 'RATES_URL',
      );
  });
});
