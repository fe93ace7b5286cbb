// What a live network needs of a price feed: how many units of `to` one unit of `from` buys, in 1e-8
// units, synchronously (the feed refreshes in the background). null: the pair is not quoted. A price
// too old to quote throws StalePriceError (the Merchant API's 400 naming it).
export interface PriceSource {
  rate(from: string, to: string): bigint | null;
}
