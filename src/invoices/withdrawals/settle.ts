// A withdrawal ends `confirmed` (the network sent it) or `cancelled` (it did not; the debit is booked
// back). On the sandbox network the merchant decides which, through the sandbox API.
import crypto from 'node:crypto';
import type { Context } from '../../platform/context.js';
import { fieldErrors, withdrawalNotFound } from '../errors.js';
import { findCurrency } from '../currencies.js';
import { sendWalletCallback } from '../wallet/callback.js';
import * as wallet from '../wallet/repository.js';
import { withdrawalCallback } from '../wallet/serialize.js';
import { withdrawalTransition, type WithdrawalEvent, type WithdrawalStatus } from '../wallet/states.js';

export async function settleWithdrawal(ctx: Context, input: { foreignId: string; event: WithdrawalEvent }) {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  return db.transaction(async (tx) => {
    const t = await wallet.findByForeignId(tx, ctx.organisationId, 'withdrawal', input.foreignId, true);
    if (!t) throw withdrawalNotFound();
    const next = withdrawalTransition(t.status as WithdrawalStatus, input.event);
    if (!next) throw fieldErrors({ status: `The withdrawal is already ${t.status}.` });
    const confirmed = next === 'confirmed';
    const updated = await wallet.updateWalletTransaction(
      tx,
      ctx.organisationId,
      t.id,
      {
        status: next,
        confirmations: confirmed ? (findCurrency(t.receiver_currency)?.confirmations ?? 1) : 0,
        txid: confirmed ? `sandbox_w${t.id}_${crypto.randomBytes(8).toString('hex')}` : null,
        error: confirmed ? null : 'Withdrawal cancelled.',
      },
      now,
    );
    if (!confirmed)
      await wallet.book(
        tx,
        ctx.organisationId,
        t.id,
        [{ currency: t.sender_currency, amount: t.sender_amount, kind: 'withdrawal_refund' }],
        now,
      );
    await sendWalletCallback(tx, ctx.organisationId, withdrawalCallback(updated));
    return updated;
  });
}
