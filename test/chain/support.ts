// A live merchant on an Anvil chain, for the EVM tests: the merchant goes live with the test xpub
// through the admin API, the EVM network is the test app's live network, and the
// test drives the watcher run by run and the callback worker to the receiver.
import type { CreatedOrganisation } from '../../src/organisations/service.js';
import { createEvmNetwork, type EvmNetwork } from '../../src/invoices/network/evm/adapter.js';
import { createEvmChain, type EvmChain } from '../../src/invoices/network/evm/chain.js';
import type { EvmNetworkConfig } from '../../src/invoices/network/evm/config.js';
import type { PriceSource } from '../../src/invoices/network/evm/prices.js';
import { createEvmWatcher, type EvmWatcher, type WatcherOptions } from '../../src/invoices/network/evm/watcher.js';
import { useLiveNetwork } from '../../src/invoices/network/index.js';
import type { Deps } from '../../src/platform/deps.js';
import { runOnce as deliverOnce } from '../../src/webhooks/worker.js';
import { ADMIN_TOKEN, bearer, json, type TestApp } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';
import { setCallbackUrl, type Receiver } from '../webhooks/helpers.js';
import { MERCHANT_XPUB, type Anvil } from './anvil.js';

export const CONFIRMATIONS = 3;

/** A fixed price feed stand-in: USD prices, rates in 1e-8 units. */
const USD: Record<string, bigint> = { ETH: 3500n, USDTE: 1n, USD: 1n, EUR: 2n };
export const fixedPrices: PriceSource = {
  rate: (from, to) => (USD[from] && USD[to] ? (USD[from]! * 10n ** 8n) / USD[to]! : null),
};

export function anvilNetwork(anvil: Anvil, token: `0x${string}`, name = 'anvil'): EvmNetworkConfig {
  return {
    name,
    rpcUrl: anvil.url,
    chainId: 31337,
    confirmations: CONFIRMATIONS,
    currencies: { ETH: { native: true, priceId: 'ethereum' }, USDTE: { contract: token, priceId: 'tether' } },
    pollIntervalMs: 100,
  };
}

export interface LiveMerchant {
  org: CreatedOrganisation;
  client: MerchantClient;
  network: EvmNetwork;
  chain: EvmChain;
  watcher: EvmWatcher;
  /** invoices/info's data. */
  info(foreignId: string): Promise<any>;
  /** A 35 USD invoice the payer pays in ETH (its address assigned at once); invoices/create's data. */
  ethInvoice(foreignId: string): Promise<any>;
  /** Callback bodies the receiver got for the invoice, in arrival order. */
  callbacks(foreignId: string): Promise<any[]>;
}

/** What an operator does: PATCH /admin/organisations/{id}/merchant with the mode and the xpub. */
export async function makeMerchantLive(t: TestApp, organisationId: string, xpub = MERCHANT_XPUB): Promise<void> {
  const response = await t.app.inject({
    method: 'PATCH',
    url: `/admin/organisations/${organisationId}/merchant`,
    headers: bearer(ADMIN_TOKEN),
    payload: { mode: 'live', evm_xpub: xpub },
  });
  if (response.statusCode !== 200) throw new Error(response.body);
}

/** The EVM network for `deps` on `config`, with a watcher (its first run sets the cursor to the head). */
export async function liveNetwork(deps: Deps, config: EvmNetworkConfig, options: WatcherOptions = {}) {
  const chain = createEvmChain(config);
  const network = createEvmNetwork(deps, [config], fixedPrices, [chain]);
  useLiveNetwork(deps, network);
  const watcher = createEvmWatcher(deps, chain, { leaseMs: 60_000, ...options });
  await watcher.runOnce();
  return { chain, network, watcher };
}

export async function liveMerchant(t: TestApp, config: EvmNetworkConfig, receiver: Receiver): Promise<LiveMerchant> {
  const org = await t.newOrganisation();
  await makeMerchantLive(t, org.organisation.id);
  await setCallbackUrl(t as never, org.organisation.id, `${receiver.url}/cb`);
  const { chain, network, watcher } = await liveNetwork(t.deps, config);
  const client = merchantClient(t.app, org.merchant);
  return {
    org,
    client,
    network,
    chain,
    watcher,
    async info(foreignId) {
      const response = await client.post('/invoices/info', { foreign_id: foreignId });
      if (response.statusCode !== 200) throw new Error(response.body);
      return json(response).data;
    },
    async ethInvoice(foreignId) {
      const body = invoiceBody({ foreign_id: foreignId, timer: true, currency: 'USD', amount: '35', sender_currency: 'ETH' });
      const response = await client.post('/invoices/create', body);
      if (response.statusCode !== 200) throw new Error(response.body);
      return json(response).data;
    },
    async callbacks(foreignId) {
      for (let i = 0; i < 50; i++) {
        const r = await deliverOnce(t.deps);
        if (r.dispatched === 0 && r.attempted === 0) break;
      }
      return receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.foreign_id === foreignId);
    },
  };
}
