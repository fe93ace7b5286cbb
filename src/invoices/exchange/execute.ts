// exchange/fixed and exchange/now: convert between two balances at the network's rate, debiting and
// crediting the ledger in one transaction under the sender balance's lock. Idempotent on foreign_id.
// exchange/fixed refuses a price that is not the current one (a stale or altered quote).
import type { Context } from '../../platform/context.js';
import { fieldErrors, insufficientFunds } from '../errors.js';
import { requireCustodial } from '../wallet/capability.js';
import { sendWalletCallback } from '../wallet/callback.js';
import * as wallet from '../wallet/repository.js';
import { exchangeCallback } from '../wallet/serialize.js';
import { priceOf, quote } from './quote.js';

export interface ExchangeInput {
  senderCurrency: string;
  receiverCurrency: string;
  senderAmount: bigint;
  foreignId: string;
  /** exchange/fixed: the price of a quote, which must still be the current one. */
  price?: bigint;
}

/** The exchange, and whether this call created it (a repeated foreign_id returns the first). */
export async function executeExchange(
  ctx: Context,
  input: ExchangeInput,
): Promise<{ transaction: wallet.WalletTransactionRow; created: boolean }> {
  requireCustodial(ctx, 'Exchanges');
  const { db, clock } = ctx.deps;
  const existing = await wallet.findByForeignId(db, ctx.organisationId, 'exchange', input.foreignId);
  if (existing) return { transaction: existing, created: false };
  if (input.price !== undefined && input.price !== priceOf(ctx, input.senderCurrency, input.receiverCurrency))
    throw fieldErrors({ price: 'The price is stale or does not match the current rate. Request a new quote.' });
  const q = quote(ctx, {
    senderCurrency: input.senderCurrency,
    receiverCurrency: input.receiverCurrency,
    senderAmount: input.senderAmount,
  });
  const now = clock.now();
  return db
    .transaction(async (tx) => {
      const balance = await wallet.lockBalance(tx, ctx.organisationId, q.senderCurrency);
      const twin = await wallet.findByForeignId(tx, ctx.organisationId, 'exchange', input.foreignId);
      if (twin) return { transaction: twin, created: false };
      if (balance < q.senderAmount) throw insufficientFunds('sender_amount');
      const t = await wallet.insertWalletTransaction(
        tx,
        ctx.organisationId,
        {
          kind: 'exchange',
          type: 'exchange',
          foreign_id: input.foreignId,
          end_user_reference: null,
          // Executed at once on a custodial network; the answer still says `processing`, as the vendor's does.
          status: 'confirmed',
          address_id: null,
          address: null,
          tag: null,
          txid: null,
          confirmations: 0,
          sender_currency: q.senderCurrency,
          sender_amount: q.senderAmount,
          receiver_currency: q.receiverCurrency,
          receiver_amount: q.receiverAmount,
          fee_amount: 0n,
          price: q.price,
        },
        now,
      );
      await wallet.book(
        tx,
        ctx.organisationId,
        t.id,
        [
          { currency: q.senderCurrency, amount: -q.senderAmount, kind: 'exchange' },
          { currency: q.receiverCurrency, amount: q.receiverAmount, kind: 'exchange' },
        ],
        now,
      );
      await sendWalletCallback(tx, ctx.organisationId, exchangeCallback(t));
      return { transaction: t, created: true };
    })
    .catch(async (error: unknown) => {
      if (wallet.isUniqueViolation(error)) {
        const twin = await wallet.findByForeignId(db, ctx.organisationId, 'exchange', input.foreignId);
        if (twin) return { transaction: twin, created: false };
      }
      throw error;
    });
}
