// The live EVM network: non-custodial, so it derives each deposit address from the merchant's xpub
// (xpub/0/i, i from the merchant's counter, never reused) and records the watch the chain watcher
// (watcher.ts) follows; rates come from a price source. A currency code names one chain's coin or
// token: codes must be unique across the configured networks.
import type { Deps } from '../../../platform/deps.js';
import { noDepositAddress } from '../../errors.js';
import { ceilDiv, SCALE } from '../../money.js';
import type { PaymentNetwork } from '../network.js';
import { createEvmChain, type EvmChain } from './chain.js';
import type { EvmNetworkConfig } from './config.js';
import type { PriceSource } from './prices.js';
import * as repo from './repository.js';
import { payableUnits } from './units.js';
import { deriveEvmAddress, parseEvmXpub } from './xpub.js';

const ONE = 10n ** BigInt(SCALE);

export interface EvmNetwork extends PaymentNetwork {
  readonly chains: readonly EvmChain[];
  chainOf(currency: string): EvmChain | undefined;
}

/** The chain carrying each currency code; a code configured twice is a configuration error. */
function currencyMap(chains: EvmChain[]): Map<string, EvmChain> {
  const map = new Map<string, EvmChain>();
  for (const chain of chains)
    for (const code of Object.keys(chain.config.currencies)) {
      const other = map.get(code);
      if (other) throw new Error(`EVM_NETWORKS: currency ${code} is configured on both ${other.config.name} and ${chain.config.name}`);
      map.set(code, chain);
    }
  return map;
}

export function createEvmNetwork(
  deps: Deps,
  networks: readonly EvmNetworkConfig[],
  prices: PriceSource | null,
  chainsGiven?: EvmChain[],
): EvmNetwork {
  const chains = chainsGiven ?? networks.map((n) => createEvmChain(n));
  const byCurrency = currencyMap(chains);
  const rate = (from: string, to: string) => (from === to ? ONE : (prices?.rate(from, to) ?? null));
  return {
    name: 'evm',
    simulated: false,
    custodial: false,
    chains,
    currencies: [...byCurrency.keys()],
    chainOf: (currency) => byCurrency.get(currency),
    async assignAddress({ organisationId, invoiceId, currency, tx }) {
      const chain = byCurrency.get(currency);
      if (!chain) throw noDepositAddress();
      // Inside the caller's transaction when there is one: on PGlite the outer handle would wait for it.
      const q = tx ?? deps.db;
      const taken = await repo.takeAddressIndex(q, organisationId);
      const account = taken ? parseEvmXpub(taken.xpub) : null;
      if (!taken || !account) throw noDepositAddress();
      const address = deriveEvmAddress(account, Number(taken.index));
      await repo.insertWatch(
        q,
        chain.config.name,
        { address, organisation_id: organisationId, invoice_id: invoiceId, currency, index: taken.index },
        deps.clock.now(),
      );
      return { address, tag: null };
    },
    rate,
    decimals: (currency) => byCurrency.get(currency)?.decimals.get(currency) ?? null,
    quote(amount, from, to) {
      // The more precise of the two directions: a small price (fiat → crypto) loses digits at 1e-8.
      const inverse = from === to ? ONE : (prices?.rate(to, from) ?? null);
      const direct = rate(from, to);
      let units: bigint | null = null;
      if (inverse !== null && inverse > 0n) units = ceilDiv(amount * ONE, inverse);
      else if (direct !== null) units = ceilDiv(amount * direct, ONE);
      if (units === null) return null;
      const chain = byCurrency.get(to);
      if (!chain) return units;
      const decimals = chain.decimals.get(to);
      // A token whose decimals are not read yet cannot be quoted exactly.
      return decimals === undefined ? null : payableUnits(units, decimals);
    },
  };
}
