// The price feed the server's live networks use: the coins of EVM_NETWORKS priced in every fiat the
// Merchant API knows, from RATES_URL. null without RATES_URL or without networks: no live prices.
import type { Config } from '../../config.js';
import { CURRENCIES } from '../currencies.js';
import { createPriceFeed, type PriceFeed, type PriceFeedOptions } from './feed.js';

export function priceFeedFor(
  config: Pick<Config, 'evmNetworks' | 'ratesUrl'>,
  options: Omit<PriceFeedOptions, 'url' | 'coins' | 'fiats'> = {},
): PriceFeed | null {
  if (!config.ratesUrl || config.evmNetworks.length === 0) return null;
  const coins = Object.fromEntries(
    config.evmNetworks.flatMap((n) => Object.entries(n.currencies).map(([code, c]) => [code, c.priceId] as const)),
  );
  const fiats = CURRENCIES.filter((c) => c.type === 'fiat').map((c) => c.currency);
  return createPriceFeed({ ...options, url: config.ratesUrl, coins, fiats });
}
