// One EVM chain as the operator configures it in EVM_NETWORKS (parsed and validated in config.ts).
export interface EvmCurrencyConfig {
  /** The chain's own coin (ETH); exactly one of native and contract is set. */
  native?: true;
  /** An ERC-20 token; its decimals are read from the chain. */
  contract?: `0x${string}`;
  /** The price feed's id (CoinGecko: "ethereum", "tether", "usd-coin"). */
  priceId: string;
}

export interface EvmNetworkConfig {
  name: string;
  rpcUrl: string;
  chainId: number;
  /** Blocks on top of the paying one (counted from it) before a payment is final. */
  confirmations: number;
  /** Keyed by the Merchant API currency code (ETH, USDTE, USDC). */
  currencies: Record<string, EvmCurrencyConfig>;
  pollIntervalMs: number;
  startBlock?: number;
}
