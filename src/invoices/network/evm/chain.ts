// One configured EVM chain: its JSON-RPC client and what is known of its currencies. A token's
// decimals are read from the chain (once, by the watcher's first run); a native coin has 18.
import { createPublicClient, erc20Abi, http, type PublicClient } from 'viem';
import type { EvmCurrencyConfig, EvmNetworkConfig } from './config.js';

export const NATIVE_DECIMALS = 18;

export interface EvmChain {
  readonly config: EvmNetworkConfig;
  readonly client: PublicClient;
  /** Decimals per currency code; a token is missing until `loadDecimals` has read it. */
  readonly decimals: Map<string, number>;
  /** Lower-case token contract → currency code. */
  readonly tokens: Map<string, string>;
  /** The native coin's currency code, if the chain's coin is accepted. */
  readonly native: string | null;
  loadDecimals(): Promise<void>;
}

export function createEvmChain(config: EvmNetworkConfig, client?: PublicClient): EvmChain {
  const rpc = client ?? createPublicClient({ transport: http(config.rpcUrl, { retryCount: 1, timeout: 10_000 }), cacheTime: 0 });
  const entries = Object.entries(config.currencies) as Array<[string, EvmCurrencyConfig]>;
  const decimals = new Map<string, number>();
  const tokens = new Map<string, string>();
  let native: string | null = null;
  for (const [code, currency] of entries) {
    if (currency.native) {
      native = code;
      decimals.set(code, NATIVE_DECIMALS);
    } else if (currency.contract) tokens.set(currency.contract.toLowerCase(), code);
  }
  return {
    config,
    client: rpc,
    decimals,
    tokens,
    native,
    async loadDecimals() {
      for (const [contract, code] of tokens) {
        if (decimals.has(code)) continue;
        const value = await rpc.readContract({ address: contract as `0x${string}`, abi: erc20Abi, functionName: 'decimals' });
        decimals.set(code, Number(value));
      }
    },
  };
}
