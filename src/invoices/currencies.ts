// The currencies the Merchant API knows: what an invoice may be priced in (`currency`) and paid in
// (`sender_currency`, crypto only), with minimums, fees and confirmation counts. A real deployment
// would load this from its processor; the sandbox uses it as is.
import { parseUnits } from './money.js';

export type CurrencyType = 'crypto' | 'fiat';

export interface Currency {
  id: number;
  currency: string;
  type: CurrencyType;
  /** Decimals shown to people (the wire always uses 8). */
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
    id: 6,
    currency: 'EUR',
    type: 'fiat',
    precision: 2,
    minimumAmount: u('10'),
    depositFeeBp: 0n,
    withdrawalFeeBp: 0n,
    confirmations: 0,
    usd: '1.08',
  },
  {
    id: 7,
    currency: 'USD',
    type: 'fiat',
    precision: 2,
    minimumAmount: u('10'),
    depositFeeBp: 0n,
    withdrawalFeeBp: 0n,
    confirmations: 0,
    usd: '1',
  },
];

const byCode = new Map(CURRENCIES.map((c) => [c.currency, c]));

export const findCurrency = (code: unknown): Currency | undefined => (typeof code === 'string' ? byCode.get(code) : undefined);

/** Currencies a payer can send. */
export const payable = (): Currency[] => CURRENCIES.filter((c) => c.type === 'crypto');

export const depositFee = (currency: Currency, amount: bigint): bigint => (amount * currency.depositFeeBp) / 10_000n;
