// Which payment network the Merchant API uses. Deps has no slot for it, so it is kept per Deps
// object; tests may install their own with `useNetwork`. A merchant in `live` mode is served by the
// live network the server registered at start (`useLiveNetwork`), or none when none is configured.
import type { Deps } from '../../platform/deps.js';
import type { PaymentNetwork } from './network.js';
import { createSandboxNetwork } from './sandbox.js';

const networks = new WeakMap<Deps, PaymentNetwork>();
const liveNetworks = new WeakMap<Deps, PaymentNetwork>();

export function networkOf(deps: Deps): PaymentNetwork {
  let network = networks.get(deps);
  if (!network) {
    network = createSandboxNetwork(deps.config.sandboxRates);
    networks.set(deps, network);
  }
  return network;
}

export function useNetwork(deps: Deps, network: PaymentNetwork): void {
  networks.set(deps, network);
}

export function useLiveNetwork(deps: Deps, network: PaymentNetwork): void {
  liveNetworks.set(deps, network);
}

export function liveNetworkOf(deps: Deps): PaymentNetwork | null {
  return liveNetworks.get(deps) ?? null;
}

export type { PaymentNetwork } from './network.js';
