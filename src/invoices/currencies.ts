// The currencies the Merchant API knows: what an invoice may be priced in (`currency`) and paid in
// (`sender_currency`, crypto only), with minimums, fees and confirmation counts. A real deployment
// would load this from its processor; the sandbox uses it as is.
import { formatUnits, parseUnits, SCALE } from './money.js';

export type CurrencyType = 'crypto' | 'fiat';

export interface Currency {
  id: number;
  currency: string;
  type: CurrencyType;
  /** Decimals shown to people (the wire always uses 8); for fiat its ISO 4217 minor unit, the most an amount may have. */
  precision: number;
  /** Smallest invoice amount in this currency, units. */
  minimumAmount: bigint;
  /** Deposit fee in basis points of 0.01 % (100 = 1 %). */
  depositFeeBp: bigint;
  withdrawalFeeBp: bigint;
  /** Confirmations after which a deposit counts as confirmed. */
  confirmations: number;
  /** Default sandbox price in USD, as a decimal string. */
  usd: string;
}

const u = (v: string) => parseUnits(v)!;

const fiat = (id: number, currency: string, precision: number, minimum: string, usd: string): Currency => ({
  id,
  currency,
  type: 'fiat',
  precision,
  minimumAmount: u(minimum),
  depositFeeBp: 0n,
  withdrawalFeeBp: 0n,
  confirmations: 0,
  usd,
});

export const CURRENCIES: readonly Currency[] = [
  {
    id: 1,
    currency: 'BTC',
    type: 'crypto',
    precision: 8,
    minimumAmount: u('0.0001'),
    depositFeeBp: 50n,
    withdrawalFeeBp: 0n,
    confirmations: 2,
    usd: '65000',
  },
  {
    id: 2,
    currency: 'ETH',
    type: 'crypto',
    precision: 8,
    minimumAmount: u('0.001'),
    depositFeeBp: 50n,
    withdrawalFeeBp: 0n,
    confirmations: 12,
    usd: '3500',
  },
  {
    id: 3,
    currency: 'LTC',
    type: 'crypto',
    precision: 8,
    minimumAmount: u('0.01'),
    depositFeeBp: 50n,
    withdrawalFeeBp: 0n,
    confirmations: 4,
    usd: '80',
  },
  {
    id: 4,
    currency: 'USDTE',
    type: 'crypto',
    precision: 6,
    minimumAmount: u('1'),
    depositFeeBp: 50n,
    withdrawalFeeBp: 0n,
    confirmations: 12,
    usd: '1',
  },
  {
    id: 5,
    currency: 'USDTT',
    type: 'crypto',
    precision: 6,
    minimumAmount: u('1'),
    depositFeeBp: 50n,
    withdrawalFeeBp: 0n,
    confirmations: 20,
    usd: '1',
  },
  {
    id: 18,
    currency: 'USDC',
    type: 'crypto',
    precision: 6,
    minimumAmount: u('1'),
    depositFeeBp: 50n,
    withdrawalFeeBp: 0n,
    confirmations: 12,
    usd: '1',
  },
  // Fiat: what invoices may be priced in (the WooCommerce plugin sends the shop's currency). ISO 4217
  // minor units; minimums near 10 EUR, round in each currency; USD prices as of 2025.
  fiat(6, 'EUR', 2, '10', '1.08'),
  fiat(7, 'USD', 2, '10', '1'),
  fiat(8, 'GBP', 2, '10', '1.27'),
  fiat(9, 'CHF', 2, '10', '1.13'),
  fiat(10, 'CAD', 2, '15', '0.73'),
  fiat(11, 'AUD', 2, '15', '0.66'),
  fiat(12, 'JPY', 0, '1500', '0.0067'),
  fiat(13, 'PLN', 2, '50', '0.25'),
  fiat(14, 'CZK', 2, '250', '0.043'),
  fiat(15, 'SEK', 2, '100', '0.095'),
  fiat(16, 'NOK', 2, '100', '0.093'),
  fiat(17, 'DKK', 2, '75', '0.145'),
];

const byCode = new Map(CURRENCIES.map((c) => [c.currency, c]));

export const findCurrency = (code: unknown): Currency | undefined => (typeof code === 'string' ? byCode.get(code) : undefined);

/** Currencies a payer can send. */
export const payable = (): Currency[] => CURRENCIES.filter((c) => c.type === 'crypto');

export const depositFee = (currency: Currency, amount: bigint): bigint => (amount * currency.depositFeeBp) / 10_000n;

/** Whether `units` has no more decimals than the currency's precision (1500 JPY yes, 10.5 JPY no). */
export const fitsPrecision = (currency: Currency, units: bigint): boolean => units % 10n ** BigInt(SCALE - currency.precision) === 0n;

/** An amount as people read it: fiat with its minor unit ("10.50 GBP", "1500 JPY"), crypto without trailing zeros. */
export function displayAmount(currency: Currency | undefined, units: bigint): string {
  if (currency?.type === 'fiat') return formatUnits(units, currency.precision);
  return formatUnits(units).replace(/\.?0+$/, '');
}
