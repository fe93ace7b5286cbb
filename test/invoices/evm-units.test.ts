// On-chain base units ↔ ledger units, exactly: quotes rounded up to what the chain carries, receipts
// never rounded against the payer; and the live adapter's quote through a price source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEvmNetwork } from '../../src/invoices/network/evm/adapter.js';
import type { EvmChain } from '../../src/invoices/network/evm/chain.js';
import type { EvmNetworkConfig } from '../../src/invoices/network/evm/config.js';
import { baseFromUnits, payableUnits, unitsFromBase } from '../../src/invoices/network/evm/units.js';
import type { Deps } from '../../src/platform/deps.js';

describe('EVM units', () => {
  it('18 decimals: exact both ways for whole units, dust below 1e-8 rounds up on receipt', () => {
    assert.equal(unitsFromBase(10n ** 16n, 18), 1_000_000n);
    assert.equal(baseFromUnits(1_000_000n, 18), 10n ** 16n);
    assert.equal(unitsFromBase(10n ** 16n + 1n, 18), 1_000_001n);
    assert.equal(unitsFromBase(10n ** 16n - 1n, 18), 1_000_000n);
    assert.equal(payableUnits(123n, 18), 123n);
  });

  it('6 decimals: receipts exact, quotes rounded up to the token unit', () => {
    assert.equal(unitsFromBase(35_000_000n, 6), 3_500_000_000n);
    assert.equal(payableUnits(3_500_000_001n, 6), 3_500_000_100n);
    assert.equal(payableUnits(3_500_000_000n, 6), 3_500_000_000n);
    assert.equal(baseFromUnits(3_500_000_100n, 6), 35_000_001n);
  });
});

describe('EVM adapter quotes', () => {
  const config: EvmNetworkConfig = {
    name: 'test',
    rpcUrl: 'http://127.0.0.1:1',
    chainId: 1,
    confirmations: 12,
    currencies: {
      ETH: { native: true, priceId: 'ethereum' },
      USDTE: { contract: '0x00000000000000000000000000000000000000aa', priceId: 'tether' },
    },
    pollIntervalMs: 2000,
  };
  const usd: Record<string, bigint> = { ETH: 300_000_000_000n, USDTE: 99_990_000n, USD: 100_000_000n };
  const prices = { rate: (from: string, to: string) => (usd[from] && usd[to] ? (usd[from]! * 10n ** 8n) / usd[to]! : null) };
  const chain = (decimals?: number) =>
    ({
      config,
      decimals: new Map<string, number>([['ETH', 18], ...(decimals === undefined ? [] : ([['USDTE', decimals]] as const))]),
      tokens: new Map([['0x00000000000000000000000000000000000000aa', 'USDTE']]),
      native: 'ETH',
    }) as unknown as EvmChain;

  it('quotes from the more precise direction, rounded up to the token decimals; none before decimals are read', () => {
    const network = createEvmNetwork({} as Deps, [config], prices, [chain(6)]);
    assert.equal(network.quote(3_000_000_000n, 'USD', 'ETH'), 1_000_000n);
    // 30 USD at 0.9999 = 30.00300030003… USDTE: up to the 6th decimal.
    assert.equal(network.quote(3_000_000_000n, 'USD', 'USDTE'), 3_000_300_100n);
    assert.equal(createEvmNetwork({} as Deps, [config], prices, [chain()]).quote(3_000_000_000n, 'USD', 'USDTE'), null);
    assert.equal(createEvmNetwork({} as Deps, [config], null, [chain(6)]).quote(3_000_000_000n, 'USD', 'ETH'), null);
  });

  it('refuses a currency configured on two chains', () => {
    assert.throws(() => createEvmNetwork({} as Deps, [config, config], prices, [chain(6), chain(6)]), /USDTE|ETH/);
  });
});
