// Money arriving at a permanent deposit address: the network (the sandbox API today, a watcher next)
// reports the payment and its confirmations here. A deposit is `not_confirmed` until it has the
// currency's required confirmations; then, once, the ledger books the deposit and its fee (and, with
// convert_to, the exchange into that currency at the rate fixed when the payment was seen). Every
// status change queues a `deposit` callback in the same transaction.
import type { Queryable } from '../../db/database.js';
import type { Context } from '../../platform/context.js';
import { depositFee, findCurrency } from '../currencies.js';
import { addressNotFound, fieldErrors, transactionNotFound } from '../errors.js';
import { convertDown } from '../exchange/quote.js';
import { merchantNetwork } from '../network/select.js';
import { sendWalletCallback } from '../wallet/callback.js';
import * as wallet from '../wallet/repository.js';
import { depositCallback } from '../wallet/serialize.js';
import { depositEventFor, depositTransition, type DepositStatus } from '../wallet/states.js';
import * as repo from './repository.js';

export interface DepositReport {
  address: string;
  amount: bigint;
  txid: string;
  confirmations: number;
}

const requiredConfirmations = (currency: string) => findCurrency(currency)?.confirmations ?? 1;

/** Books a confirmed deposit: +amount and −fee in the crypto; with convert_to, the net exchanged at `price`. */
async function bookDeposit(tx: Queryable, t: wallet.WalletTransactionRow, now: Date): Promise<void> {
  const fee = depositFee(findCurrency(t.sender_currency)!, t.sender_amount);
  const entries: wallet.WalletEntry[] = [
    { currency: t.sender_currency, amount: t.sender_amount, kind: 'deposit' },
    { currency: t.sender_currency, amount: -fee, kind: 'fee' },
  ];
  if (t.receiver_currency !== t.sender_currency) {
    entries.push({ currency: t.sender_currency, amount: -(t.sender_amount - fee), kind: 'exchange' });
    entries.push({ currency: t.receiver_currency, amount: t.receiver_amount, kind: 'exchange' });
  }
  await wallet.book(tx, t.organisation_id, t.id, entries, now);
}

async function settle(tx: Queryable, t: wallet.WalletTransactionRow, confirmations: number, now: Date) {
  const event = depositEventFor(confirmations, requiredConfirmations(t.sender_currency));
  const next = event ? depositTransition(t.status as DepositStatus, event) : null;
  const updated = await wallet.updateWalletTransaction(tx, t.organisation_id, t.id, { status: next ?? t.status, confirmations }, now);
  if (next === 'confirmed') await bookDeposit(tx, updated, now);
  return updated;
}

export async function recordDeposit(ctx: Context, input: DepositReport) {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const address = await repo.findAddressByValue(db, ctx.organisationId, input.address);
  if (!address) throw addressNotFound();
  const receiver = address.convert_to ?? address.currency;
  const fee = depositFee(findCurrency(address.currency)!, input.amount);
  let price: bigint | null = null;
  let received = input.amount - fee;
  if (receiver !== address.currency) {
    price = merchantNetwork(ctx).rate(address.currency, receiver);
    if (price === null) throw fieldErrors({ currency: 'Exchange is unavailable for given currencies' });
    received = convertDown(ctx, input.amount - fee, address.currency, receiver); // never more than the rate gives
  }
  return db
    .transaction(async (tx) => {
      const created = await wallet.insertWalletTransaction(
        tx,
        ctx.organisationId,
        {
          kind: 'deposit',
          type: receiver === address.currency ? 'deposit' : 'deposit_exchange',
          foreign_id: address.foreign_id,
          end_user_reference: address.end_user_reference,
          status: 'not_confirmed',
          address_id: address.id,
          address: address.address,
          tag: address.tag,
          txid: input.txid,
          confirmations: 0,
          sender_currency: address.currency,
          sender_amount: input.amount,
          receiver_currency: receiver,
          receiver_amount: received,
          fee_amount: fee,
          price,
        },
        now,
      );
      const t = await settle(tx, created, input.confirmations, now);
      await sendWalletCallback(tx, ctx.organisationId, depositCallback(t, address));
      return { transaction: t, address };
    })
    .catch((error: unknown) => {
      if (wallet.isUniqueViolation(error)) throw fieldErrors({ txid: 'The txid has already been taken.' });
      throw error;
    });
}

/** The chain confirms a deposit; a callback follows only when its status changes. */
export async function recordDepositConfirmations(ctx: Context, input: { address: string; txid: string; confirmations?: number }) {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  return db.transaction(async (tx) => {
    const address = await repo.findAddressByValue(tx, ctx.organisationId, input.address);
    if (!address) throw addressNotFound();
    const t = await wallet.lockDepositByTxid(tx, ctx.organisationId, input.txid);
    if (!t || t.address_id !== address.id) throw transactionNotFound();
    const confirmations = Math.max(t.confirmations, input.confirmations ?? requiredConfirmations(t.sender_currency));
    const updated = await settle(tx, t, confirmations, now);
    if (updated.status !== t.status) await sendWalletCallback(tx, ctx.organisationId, depositCallback(updated, address));
    return { transaction: updated, address };
  });
}
