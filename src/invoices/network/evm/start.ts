// Starting the live EVM network with the server: the adapter is registered as the server's live
// network and one watcher per configured chain follows it (only the replica holding a chain's lease
// scans it; the others poll the lease and take over when it expires).
import type { Deps } from '../../../platform/deps.js';
import { useLiveNetwork } from '../index.js';
import { createEvmNetwork } from './adapter.js';
import type { EvmNetworkConfig } from './config.js';
import type { PriceSource } from './prices.js';
import { startEvmWatcher } from './watcher.js';

export function startEvmNetworks(
  deps: Deps,
  networks: readonly EvmNetworkConfig[],
  prices: PriceSource | null,
  options: { onError?: (error: unknown) => void } = {},
) {
  const network = createEvmNetwork(deps, networks, prices);
  useLiveNetwork(deps, network);
  const watchers = network.chains.map((chain) => startEvmWatcher(deps, chain, { onError: options.onError }));
  return {
    network,
    async stop() {
      await Promise.allSettled(watchers.map((w) => w.stop()));
    },
  };
}
