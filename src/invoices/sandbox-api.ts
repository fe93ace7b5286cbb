// The sandbox network's simulate endpoints (Merchant API and the payer's page): the payer pays and the
// chain confirms, reported through the same lifecycle path a real network adapter uses.
import type { Context } from '../platform/context.js';
import { randomToken } from '../platform/crypto.js';
import { findCurrency } from './currencies.js';
import { fieldErrors, invoiceNotFound, sandboxDisabled, sandboxNotEnabled, transactionNotFound } from './errors.js';
import { lockInvoice, pickCurrencyIn, recordPaymentIn, reportConfirmations } from './lifecycle.js';
import { max } from './money.js';
import { networkOf } from './network/index.js';
import * as repo from './repository.js';
import { sumsOf } from './serialize.js';
import { isFinal } from './states.js';

let txCounter = 0;
const sandboxTxid = (invoiceId: bigint, now: Date) =>
  `sandbox_${invoiceId}_${now.getTime().toString(36)}_${(++txCounter).toString(36)}_${randomToken(6)}`;

/**
 * Routes call this before reading the body: a merchant in live mode has no sandbox (the vendor's 400
 * for a feature not enabled), and a disabled sandbox answers 403, whatever was sent.
 */
export function requireSandbox(ctx: Pick<Context, 'deps' | 'live'>): void {
  if (ctx.live) throw sandboxNotEnabled();
  if (!networkOf(ctx.deps).simulated) throw sandboxDisabled();
}

/** A live invoice is paid on chain only, whoever asks (a merchant back in sandbox mode, its page). */
export function requireSandboxInvoice(invoice: repo.InvoiceRow): void {
  if (invoice.live) throw sandboxNotEnabled();
}

export interface SimulatePaymentInput {
  invoice: repo.InvoiceKey;
  /** Defaults to the invoice's sender_currency. */
  currency?: string;
  /** Defaults to what is still due. */
  amount?: bigint;
  confirmations: number;
  txid?: string;
}

/** The payer pays (picking the currency first if needed). */
export async function simulatePayment(ctx: Context, input: SimulatePaymentInput) {
  requireSandbox(ctx);
  const now = ctx.deps.clock.now();
  // txids are unique across the whole network (a unique index); another merchant's is "taken" too.
  return ctx.deps.db
    .transaction(async (tx) => {
      let invoice = await lockInvoice(ctx, tx, input.invoice);
      requireSandboxInvoice(invoice);
      if (!invoice.address && !isFinal(invoice.status)) invoice = await pickCurrencyIn(ctx, tx, invoice, input.currency, now);
      const txs = await repo.listTransactions(tx, invoice.organisation_id, invoice.id);
      const due = max(0n, (invoice.sender_amount ?? 0n) - sumsOf(invoice, txs).seen);
      const pay = input.amount ?? due;
      if (pay <= 0n) throw fieldErrors({ amount: 'The amount must be greater than 0.' });
      const payment = {
        currency: input.currency ?? invoice.sender_currency ?? '',
        amount: pay,
        txid: input.txid ?? sandboxTxid(invoice.id, now),
        confirmations: input.confirmations,
      };
      return recordPaymentIn(ctx, tx, invoice, payment, now);
    })
    .catch((error: unknown) => {
      if (
        (error as { code?: string }).code === '23505' &&
        /txid/.test(String((error as Error).message) + String((error as { constraint?: string }).constraint))
      )
        throw fieldErrors({ txid: 'The txid has already been taken.' });
      throw error;
    });
}

/** The chain confirms the invoice's transactions (or the one `txid`); by default up to the currency's required count. */
export async function simulateConfirmations(ctx: Context, input: { invoice: repo.InvoiceKey; confirmations?: number; txid?: string }) {
  requireSandbox(ctx);
  const invoice = await repo.findInvoice(ctx.deps.db, ctx.organisationId, input.invoice);
  if (!invoice) throw invoiceNotFound();
  requireSandboxInvoice(invoice);
  // Confirmations confirm a payment: with none received there is nothing to confirm (a 400, not a confirmed invoice).
  const payments = await repo.listTransactions(ctx.deps.db, ctx.organisationId, invoice.id);
  if (payments.length === 0 || (input.txid !== undefined && !payments.some((t) => t.txid === input.txid)))
    throw transactionNotFound('txid');
  const required = findCurrency(invoice.sender_currency)?.confirmations ?? 1;
  return reportConfirmations(ctx, { invoice: input.invoice, confirmations: input.confirmations ?? required, txid: input.txid });
}
