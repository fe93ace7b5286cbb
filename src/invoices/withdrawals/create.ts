// withdrawal/crypto: send crypto from the merchant's balance to an address. The balance (of `currency`)
// is debited in the same transaction that records the withdrawal, under a per-balance lock, so two
// withdrawals racing for the last funds cannot both pass. Idempotent on foreign_id: the same
// foreign_id again returns the existing withdrawal and debits nothing. With convert_to, `currency` is
// debited and converted at the network's rate into convert_to, which is sent.
import type { Context } from '../../platform/context.js';
import { exchangeUnavailable, insufficientFunds } from '../errors.js';
import { findCurrency } from '../currencies.js';
import { convertDown, costUp } from '../exchange/quote.js';
import { SCALE } from '../money.js';
import { merchantNetwork } from '../network/select.js';
import { requireCustodial } from '../wallet/capability.js';
import { sendWalletCallback } from '../wallet/callback.js';
import * as wallet from '../wallet/repository.js';
import { withdrawalCallback } from '../wallet/serialize.js';

export interface WithdrawInput {
  currency: string;
  convertTo: string | null;
  address: string;
  tag: string | null;
  /** In `currency`; exactly one of amount and amountTo. */
  amount?: bigint;
  /** In convert_to (or `currency` without it). */
  amountTo?: bigint;
  foreignId: string;
  endUserReference: string | null;
}

function amounts(ctx: Context, input: WithdrawInput): { send: bigint; receive: bigint; price: bigint | null } {
  const to = input.convertTo ?? input.currency;
  if (to === input.currency) {
    const value = (input.amount ?? input.amountTo)!;
    return { send: value, receive: value, price: null };
  }
  const price = merchantNetwork(ctx).rate(input.currency, to);
  if (price === null || price === 0n) throw exchangeUnavailable('convert_to');
  // The merchant pays at least what buys amount_to, and receives at most what amount buys.
  if (input.amount !== undefined) {
    // The chain carries only the currency's precision (USDT: 6 decimals): what arrives is truncated to it.
    const step = 10n ** BigInt(SCALE - (findCurrency(to)?.precision ?? SCALE));
    return { send: input.amount, receive: (convertDown(ctx, input.amount, input.currency, to) / step) * step, price };
  }
  return { send: costUp(ctx, input.amountTo!, input.currency, to), receive: input.amountTo!, price };
}

export async function withdraw(ctx: Context, input: WithdrawInput): Promise<wallet.WalletTransactionRow> {
  requireCustodial(ctx, 'Withdrawals');
  const { db, clock } = ctx.deps;
  const existing = await wallet.findByForeignId(db, ctx.organisationId, 'withdrawal', input.foreignId);
  if (existing) return existing;
  const { send, receive, price } = amounts(ctx, input);
  const now = clock.now();
  return db
    .transaction(async (tx) => {
      const balance = await wallet.lockBalance(tx, ctx.organisationId, input.currency);
      // Re-read under the lock: a twin with the same foreign_id may have committed meanwhile.
      const twin = await wallet.findByForeignId(tx, ctx.organisationId, 'withdrawal', input.foreignId);
      if (twin) return twin;
      if (balance < send) throw insufficientFunds(input.amount !== undefined ? 'amount' : 'amount_to');
      const t = await wallet.insertWalletTransaction(
        tx,
        ctx.organisationId,
        {
          kind: 'withdrawal',
          type: price === null ? 'withdrawal' : 'withdrawal_exchange',
          foreign_id: input.foreignId,
          end_user_reference: input.endUserReference,
          status: 'processing',
          address_id: null,
          address: input.address,
          tag: input.tag,
          txid: null,
          confirmations: 0,
          sender_currency: input.currency,
          sender_amount: send,
          receiver_currency: input.convertTo ?? input.currency,
          receiver_amount: receive,
          fee_amount: 0n,
          price,
        },
        now,
      );
      await wallet.book(tx, ctx.organisationId, t.id, [{ currency: input.currency, amount: -send, kind: 'withdrawal' }], now);
      await sendWalletCallback(tx, ctx.organisationId, withdrawalCallback(t));
      return t;
    })
    .catch(async (error: unknown) => {
      // A twin in another currency took the foreign_id between our read and our insert: answer it.
      if (wallet.isUniqueViolation(error)) {
        const twin = await wallet.findByForeignId(db, ctx.organisationId, 'withdrawal', input.foreignId);
        if (twin) return twin;
      }
      throw error;
    });
}
