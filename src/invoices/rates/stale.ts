// A price older than the feed may quote: a payer must never be quoted from a market long gone.
// invoices/errors.ts turns it into the Merchant API's 400 (and the page's refusal).
export class StalePriceError extends Error {
  constructor(
    /** The feed's id of the priced coin ("ethereum") and the currency it is priced in ("eur"). */
    readonly priceId: string,
    readonly vsCurrency: string,
    readonly updatedAt: Date,
  ) {
    super(
      `The ${priceId} price in ${vsCurrency.toUpperCase()} is stale (last updated ${updatedAt.toISOString()}); ` +
        'quotes are refused until the price feed answers again.',
    );
  }
}
