// Where the live network's rates come from (a price feed, config.ts's RATES_URL): how many units of
// `to` buy one unit of `from`, in 1e-8 units, or null when the pair is not quoted.
export interface PriceSource {
  rate(from: string, to: string): bigint | null;
}
