// THE one path every payment report takes, whoever reports it: the sandbox API today, the payment
// network adapters next (a watcher calls `reportPayment` / `reportConfirmations`). Every step runs in
// one transaction on the locked invoice row: ask states.ts whether the event may happen, write the
// change with its ledger entries and timer job, and queue the merchant callback (outbox) and the
// payer's notice with it. The merchant's cancel is a guarded write of its own (cancel.ts).
import type { Queryable } from '../db/database.js';
import { queuePayerNotice } from '../notifications/queue.js';
import type { Context } from '../platform/context.js';
import { MERCHANT_CALLBACK_TOPIC } from '../platform/events.js';
import { enqueue } from '../platform/outbox.js';
import { depositFee, findCurrency } from './currencies.js';
import { fieldErrors, invalidInvoiceState, invoiceNotFound } from './errors.js';
import { fixCurrency, FIX_WINDOW_MS } from './fix-currency.js';
import * as jobs from './jobs-repository.js';
import * as ledger from './ledger-repository.js';
import { min } from './money.js';
import { payerNotice } from './payer-notice.js';
import * as repo from './repository.js';
import { callbackBody, received, sumsOf } from './serialize.js';
import { isFinal, transition, type InvoiceEvent, type Outcome } from './states.js';

/** Once the full sum is seen, the payer's transactions have this long to confirm. */
export const CONFIRMATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A payment seen on the network. */
export interface PaymentReport {
  currency: string;
  amount: bigint;
  txid: string;
  confirmations: number;
  /** Confirmations that make it final; default the currency's (a live network counts its own). */
  required?: number;
}

type Allowed = Outcome & { ok: true };

/** The ordering key of an invoice's callbacks: they reach the merchant one at a time, in the order written. */
export const invoiceOrderingKey = (invoiceId: bigint | number | string) => `invoice:${invoiceId}`;

/**
 * The invoice callback, queued in the caller's transaction (with the transactions, read unless given).
 * Called once for every status the invoice passes, with the row as it is at that status, so one call
 * that moves an invoice through several statuses (a sandbox payment already confirmed: pending,
 * processing, confirmed) queues one callback for each, in lifecycle order.
 */
export async function sendCallback(tx: Queryable, invoice: repo.InvoiceRow, transactions?: repo.TransactionRow[]): Promise<void> {
  const txs = transactions ?? (await repo.listTransactions(tx, invoice.organisation_id, invoice.id));
  await enqueue(tx, {
    organisationId: invoice.organisation_id,
    topic: MERCHANT_CALLBACK_TOPIC,
    payload: callbackBody(invoice, txs),
    orderingKey: invoiceOrderingKey(invoice.id),
  });
}

/** The payer's e-mail (email_user) after paying less or more than requested, queued with the change. */
async function noticePayer(ctx: Context, tx: Queryable, before: repo.InvoiceRow, after: repo.InvoiceRow, txs: repo.TransactionRow[]) {
  const kind = payerNotice(before, after, txs);
  if (kind) await queuePayerNotice(ctx.deps, tx, { organisationId: after.organisation_id, invoiceId: after.id, kind });
}

function decide(invoice: repo.InvoiceRow, event: InvoiceEvent, message?: string): Allowed {
  const outcome = transition(invoice.status, event);
  if (!outcome.ok) throw invalidInvoiceState(message);
  return outcome;
}

/** Writes an allowed outcome: status, error, deadline extension, the timer job. */
async function apply(tx: Queryable, invoice: repo.InvoiceRow, outcome: Allowed, now: Date, patch: repo.InvoicePatch = {}) {
  const full: repo.InvoicePatch = { ...patch, status: outcome.status, error: outcome.error };
  if (outcome.extendDeadline) full.expires_at = new Date(now.getTime() + CONFIRMATION_WINDOW_MS);
  const updated = await repo.updateInvoice(tx, invoice.organisation_id, { id: invoice.id }, [invoice.status], full, now);
  if (!updated) throw invalidInvoiceState(); // the row is locked by the caller, so this means a bug
  if (isFinal(updated.status)) await jobs.cancelJobs(tx, updated.id);
  else if (updated.expires_at && updated.expires_at.getTime() !== invoice.expires_at?.getTime())
    await jobs.scheduleJob(tx, updated.organisation_id, updated.id, 'invoice.expire', updated.expires_at);
  return updated;
}

/** Locks the context organisation's invoice; not found names the field the key came from. */
export async function lockInvoice(ctx: Context, tx: Queryable, key: repo.InvoiceKey): Promise<repo.InvoiceRow> {
  const invoice = await repo.findInvoice(tx, ctx.organisationId, key, true);
  if (!invoice) throw invoiceNotFound('id' in key ? 'id' : 'foreign_id');
  return invoice;
}

/** The payer picks the currency to pay in: the rate is fixed and an address assigned (inside the caller's transaction). */
export async function pickCurrencyIn(ctx: Context, tx: Queryable, invoice: repo.InvoiceRow, code: string | undefined, now: Date) {
  const currency = findCurrency(code ?? invoice.sender_currency);
  if (currency?.type !== 'crypto')
    throw fieldErrors({ currency: code === undefined ? 'The currency field is required.' : 'The selected currency is invalid.' });
  if (invoice.sender_currency && invoice.sender_currency !== currency.currency)
    throw fieldErrors({ currency: 'The selected currency is invalid.' });
  if (invoice.address) throw invalidInvoiceState('The currency of this invoice is already fixed.');
  // The deadline passed but the timer job has not run yet: too late to fix a rate.
  if (invoice.expires_at && invoice.expires_at <= now) throw invalidInvoiceState('The invoice has expired.');
  const outcome = decide(invoice, { type: 'select_currency' }, 'The currency of this invoice is already fixed.');
  const patch: repo.InvoicePatch = await fixCurrency(ctx.deps, invoice, currency.currency, await repo.nextAddressId(tx), tx);
  // No-timer invoices start their 15-minute window now; timer invoices keep the one from creation.
  if (!invoice.release_at) {
    const deadline = new Date(now.getTime() + FIX_WINDOW_MS);
    Object.assign(patch, { fixed_at: now, release_at: deadline, expires_at: deadline });
  }
  const updated = await apply(tx, invoice, outcome, now, patch);
  await sendCallback(tx, updated, []);
  return updated;
}

/** The payer picks the currency to pay in (hosted page). */
export async function pickCurrency(ctx: Context, input: { invoice: repo.InvoiceKey; currency: string | undefined }) {
  const now = ctx.deps.clock.now();
  return ctx.deps.db.transaction(async (tx) => pickCurrencyIn(ctx, tx, await lockInvoice(ctx, tx, input.invoice), input.currency, now));
}

/** Books newly confirmed transactions and lets the invoice confirm (or fail, fill-or-kill short). */
async function confirmIn(ctx: Context, tx: Queryable, invoice: repo.InvoiceRow, confirmedNow: repo.TransactionRow[], now: Date) {
  const entries: ledger.LedgerEntry[] = confirmedNow
    .filter((t) => t.status === 'confirmed')
    .flatMap((t) => [
      { currency: t.currency, amount: t.amount, kind: 'deposit' as const, invoiceId: invoice.id, transactionId: t.id },
      ...(t.fee > 0n ? [{ currency: t.currency, amount: -t.fee, kind: 'fee' as const, invoiceId: invoice.id, transactionId: t.id }] : []),
    ]);
  await ledger.insertLedgerEntries(tx, invoice.organisation_id, entries, now);
  if (isFinal(invoice.status)) return invoice; // late confirmations still book the money, nothing else
  const txs = await repo.listTransactions(tx, invoice.organisation_id, invoice.id);
  const outcome = decide(invoice, {
    type: 'confirmation',
    sums: sumsOf(invoice, txs),
    invoiceType: invoice.type,
    allConfirmed: txs.every((t) => t.status === 'confirmed'),
  });
  if (outcome.status === invoice.status) return invoice;
  const updated = await apply(tx, invoice, outcome, now);
  if (updated.status === 'confirmed' && updated.currency !== updated.sender_currency) {
    // Convert what was received net of fees, at most the quoted sum, into the invoice's currency at the
    // fixed rate. An overpaid surplus stays in crypto: it belongs to the payer until refunded.
    const crypto = min(received(updated, txs).crypto.net, updated.sender_amount!);
    await ledger.insertLedgerEntries(
      tx,
      updated.organisation_id,
      [
        { currency: updated.sender_currency!, amount: -crypto, kind: 'exchange', invoiceId: updated.id, transactionId: null },
        {
          currency: updated.currency,
          amount: (crypto * updated.amount) / updated.sender_amount!,
          kind: 'exchange',
          invoiceId: updated.id,
          transactionId: null,
        },
      ],
      now,
    );
  }
  await sendCallback(tx, updated, txs);
  await noticePayer(ctx, tx, invoice, updated, txs);
  return updated;
}

/** The payment's transaction row, `confirmed` once it has the required confirmations. */
async function insertPayment(tx: Queryable, invoice: repo.InvoiceRow, payment: PaymentReport, now: Date) {
  const currency = findCurrency(payment.currency);
  if (!currency || currency.currency !== invoice.sender_currency) throw fieldErrors({ currency: 'The selected currency is invalid.' });
  const confirmed = payment.confirmations >= (payment.required ?? currency.confirmations);
  const row = await repo.insertTransaction(tx, {
    organisation_id: invoice.organisation_id,
    invoice_id: invoice.id,
    currency: currency.currency,
    amount: payment.amount,
    fee: depositFee(currency, payment.amount),
    address: invoice.address!,
    txid: payment.txid,
    confirmations: payment.confirmations,
    status: confirmed ? 'confirmed' : 'not_confirmed',
    created_at: now,
  });
  return { row, confirmed };
}

/**
 * A payment to a final invoice's address (a live chain cannot refuse it): kept as its transaction so
 * the merchant sees it, and booked once confirmed; the status, and so the callbacks, stay as they are.
 */
export async function recordLatePaymentIn(ctx: Context, tx: Queryable, invoice: repo.InvoiceRow, payment: PaymentReport, now: Date) {
  if (!isFinal(invoice.status) || !invoice.address) throw invalidInvoiceState('Invoice cannot accept payments in its current state.');
  const { row, confirmed } = await insertPayment(tx, invoice, payment, now);
  return confirmed ? confirmIn(ctx, tx, invoice, [row], now) : invoice;
}

/** Records a payment on the locked invoice (inside the caller's transaction). */
export async function recordPaymentIn(ctx: Context, tx: Queryable, invoice: repo.InvoiceRow, payment: PaymentReport, now: Date) {
  if (isFinal(invoice.status) || !invoice.address || !invoice.sender_amount)
    throw invalidInvoiceState('Invoice cannot accept payments in its current state.');
  const { row, confirmed } = await insertPayment(tx, invoice, payment, now);
  const txs = await repo.listTransactions(tx, invoice.organisation_id, invoice.id);
  const outcome = decide(
    invoice,
    { type: 'payment', sums: { ...sumsOf(invoice, txs), confirmed: 0n } },
    'Invoice cannot accept payments in its current state.',
  );
  let updated = await apply(tx, invoice, outcome, now);
  // One callback per payment, installments included.
  await sendCallback(tx, updated, txs);
  if (confirmed) updated = await confirmIn(ctx, tx, updated, [row], now);
  return updated;
}

/** A payment seen on the network, for the context organisation's invoice. */
export async function reportPayment(ctx: Context, input: { invoice: repo.InvoiceKey; payment: PaymentReport }) {
  const now = ctx.deps.clock.now();
  return ctx.deps.db.transaction(async (tx) => recordPaymentIn(ctx, tx, await lockInvoice(ctx, tx, input.invoice), input.payment, now));
}

/** New confirmation counts from the network, for all of the invoice's transactions or the one `txid`. */
export async function reportConfirmations(ctx: Context, input: { invoice: repo.InvoiceKey; confirmations: number; txid?: string }) {
  const now = ctx.deps.clock.now();
  return ctx.deps.db.transaction(async (tx) => confirmationsIn(ctx, tx, await lockInvoice(ctx, tx, input.invoice), input, now));
}

/** New confirmation counts on the locked invoice (inside the caller's transaction); `required` as in PaymentReport. */
export async function confirmationsIn(
  ctx: Context,
  tx: Queryable,
  invoice: repo.InvoiceRow,
  input: { confirmations: number; txid?: string; required?: number },
  now: Date,
) {
  const required = input.required ?? findCurrency(invoice.sender_currency)?.confirmations ?? 1;
  const changed = await repo.raiseConfirmations(tx, invoice.organisation_id, invoice.id, input.confirmations, required, now, input.txid);
  return confirmIn(ctx, tx, invoice, changed, now);
}

/**
 * A payment not yet final whose block a reorganisation dropped: its transaction goes, and an open
 * invoice returns to where it was before it (processing → pending, with its fix-window deadline, or
 * a fresh window when that has passed: the payment usually comes back in a later block), with a callback.
 */
export async function withdrawPaymentIn(_ctx: Context, tx: Queryable, invoice: repo.InvoiceRow, txid: string, now: Date) {
  if (!(await repo.deleteTransaction(tx, invoice.organisation_id, invoice.id, txid))) return invoice;
  if (isFinal(invoice.status)) return invoice;
  const txs = await repo.listTransactions(tx, invoice.organisation_id, invoice.id);
  const outcome = decide(invoice, { type: 'withdrawal', sums: sumsOf(invoice, txs) });
  const patch: repo.InvoicePatch = {};
  if (outcome.status !== invoice.status && invoice.release_at)
    patch.expires_at = invoice.release_at > now ? invoice.release_at : new Date(now.getTime() + FIX_WINDOW_MS);
  const updated = await apply(tx, invoice, outcome, now, patch);
  await sendCallback(tx, updated, txs);
  return updated;
}

/** The deadline passed: fail the locked invoice with the documented text (or reschedule if it moved). */
export async function expireIn(ctx: Context, tx: Queryable, invoice: repo.InvoiceRow, now: Date): Promise<'done' | 'rescheduled'> {
  if (isFinal(invoice.status) || !invoice.expires_at) return 'done';
  if (invoice.expires_at > now) {
    await jobs.scheduleJob(tx, invoice.organisation_id, invoice.id, 'invoice.expire', invoice.expires_at);
    return 'rescheduled';
  }
  const txs = await repo.listTransactions(tx, invoice.organisation_id, invoice.id);
  const updated = await apply(tx, invoice, decide(invoice, { type: 'expire', sums: sumsOf(invoice, txs) }), now);
  await sendCallback(tx, updated, txs);
  await noticePayer(ctx, tx, invoice, updated, txs);
  return 'done';
}
