// The price source a live network quotes with: the feed of invoices/rates (RATES_URL), or a stand-in in tests.
export type { PriceSource } from '../../rates/price-source.js';
