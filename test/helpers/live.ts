// Live-mode fixtures: account-level xpubs derived from fixed seeds, a merchant switched to live mode
// through the admin API, and a fake live PaymentNetwork (fixed addresses, fixed prices, not simulated,
// not custodial) for tests that need a live network without a chain.
import { HDKey } from '@scure/bip32';
import { ADMIN_TOKEN, bearer } from './app.js';
import type { App, Deps } from '../../src/platform/deps.js';
import { useLiveNetwork, type PaymentNetwork } from '../../src/invoices/network/index.js';
import { ceilDiv } from '../../src/invoices/money.js';

/** The account key m/44'/60'/0' of a seed made of `byte`. */
export function accountKey(byte = 1): HDKey {
  return HDKey.fromMasterSeed(new Uint8Array(32).fill(byte)).derive("m/44'/60'/0'");
}

export const accountXpub = (byte = 1): string => accountKey(byte).publicExtendedKey;
export const fingerprintOf = (byte = 1): string => accountKey(byte).fingerprint.toString(16).padStart(8, '0');

export function setMerchantSettings(app: App, organisationId: string, payload: Record<string, unknown>) {
  return app.inject({ method: 'PATCH', url: `/admin/organisations/${organisationId}/merchant`, headers: bearer(ADMIN_TOKEN), payload });
}

/** Switches the organisation to live mode with a valid xpub; throws when refused. */
export async function goLive(app: App, organisationId: string, byte = 1): Promise<void> {
  const res = await setMerchantSettings(app, organisationId, { mode: 'live', evm_xpub: accountXpub(byte) });
  if (res.statusCode !== 200) throw new Error(`go live: ${res.statusCode} ${res.body}`);
}

/** USD prices in 1e-8 units of the fake live network. */
const PRICES: Record<string, bigint> = { ETH: 3000_00000000n, USDTE: 1_00000000n, USD: 1_00000000n, EUR: 1_10000000n };
const ONE = 10n ** 8n;

export interface FakeLiveNetwork extends PaymentNetwork {
  assigned: { organisationId: string; invoiceId: bigint; currency: string }[];
}

/** Registers a fake live network on `deps` and returns it (assignAddress calls are recorded). */
export function useFakeLiveNetwork(deps: Deps): FakeLiveNetwork {
  const assigned: FakeLiveNetwork['assigned'] = [];
  const network: FakeLiveNetwork = {
    name: 'evm-test',
    simulated: false,
    custodial: false,
    assigned,
    async assignAddress(input) {
      assigned.push(input);
      return { address: `0x${assigned.length.toString(16).padStart(40, '0')}`, tag: null };
    },
    rate(from, to) {
      const a = PRICES[from];
      const b = PRICES[to];
      return a === undefined || b === undefined ? null : (a * ONE) / b;
    },
    quote(amount, from, to) {
      const a = PRICES[from];
      const b = PRICES[to];
      return a === undefined || b === undefined ? null : ceilDiv(amount * a, b);
    },
  };
  useLiveNetwork(deps, network);
  return network;
}
