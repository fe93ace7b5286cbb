// exchange/calculate: what an exchange between two balances would give at the network's current rate.
// No state. `price` is how many units of the receiver currency one sender unit buys (8 decimals);
// exchange/fixed accepts a quote's price while the rate has not moved.
import type { Context } from '../../platform/context.js';
import { exchangeUnavailable } from '../errors.js';
import { SCALE } from '../money.js';
import { merchantNetwork } from '../network/select.js';

const ONE = 10n ** BigInt(SCALE);
/** Seconds a quote's price is meant to hold (the vendor's fix_period). */
export const FIX_PERIOD_S = 60;

export interface QuoteInput {
  senderCurrency: string;
  receiverCurrency: string;
  /** Exactly one of the two amounts. */
  senderAmount?: bigint;
  receiverAmount?: bigint;
}

export interface Quote {
  senderCurrency: string;
  senderAmount: bigint;
  receiverCurrency: string;
  receiverAmount: bigint;
  price: bigint;
}

/** The current price of the pair; the vendor's message when it is not exchanged. */
export function priceOf(ctx: Context, from: string, to: string): bigint {
  const price = from === to ? null : merchantNetwork(ctx).rate(from, to);
  if (price === null || price === 0n) throw exchangeUnavailable();
  return price;
}

/**
 * Units of `to` that `amount` of `from` buys, rounded down. The rates have 8 decimals, so the larger of
 * the two directions (≥ 1) is used: 1 EUR = 0.00001661 BTC loses precision, 1 BTC = 60185.18518518 EUR does not.
 */
export function convertDown(ctx: Context, amount: bigint, from: string, to: string): bigint {
  const forward = priceOf(ctx, from, to);
  if (forward >= ONE) return (amount * forward) / ONE;
  return (amount * ONE) / priceOf(ctx, to, from);
}

/** Units of `from` needed to buy `amount` of `to`, rounded up (the network's own quote). */
export function costUp(ctx: Context, amount: bigint, from: string, to: string): bigint {
  priceOf(ctx, from, to);
  const cost = merchantNetwork(ctx).quote(amount, to, from);
  if (cost === null) throw exchangeUnavailable();
  return cost;
}

/** Receiver amounts round down and sender amounts up: the merchant never gets more than the rate gives. */
export function quote(ctx: Context, input: QuoteInput): Quote {
  const price = priceOf(ctx, input.senderCurrency, input.receiverCurrency);
  const senderAmount = input.senderAmount ?? costUp(ctx, input.receiverAmount!, input.senderCurrency, input.receiverCurrency);
  const receiverAmount = input.receiverAmount ?? convertDown(ctx, senderAmount, input.senderCurrency, input.receiverCurrency);
  return { senderCurrency: input.senderCurrency, senderAmount, receiverCurrency: input.receiverCurrency, receiverAmount, price };
}

export function calculateExchange(ctx: Context, input: QuoteInput) {
  const q = quote(ctx, input);
  const fixed = Math.floor(ctx.deps.clock.now().getTime() / 1000);
  return { ...q, feeAmount: 0n, tsFixed: fixed, tsRelease: fixed + FIX_PERIOD_S, fixPeriod: FIX_PERIOD_S };
}
