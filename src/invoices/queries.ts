// Reads of the Merchant API and the payer's page: one invoice, the list, balances, a transaction.
import { walletTransactionInfo } from './wallet/info.js';
import type { Context } from '../platform/context.js';
import { CURRENCIES } from './currencies.js';
import { fieldErrors, invoiceNotFound } from './errors.js';
import { balances } from './ledger-repository.js';
import { formatUnits } from './money.js';
import * as repo from './repository.js';
import { callbackBody, invoiceDetails, invoiceUrl, sumsOf } from './serialize.js';
import type { InvoiceStatus } from './states.js';

/** One invoice by id or foreign_id, with its transactions (extension: invoices/info). */
export async function invoiceInfo(ctx: Context, input: { invoice: repo.InvoiceKey }) {
  const { deps, organisationId } = ctx;
  const invoice = await repo.findInvoice(deps.db, organisationId, input.invoice);
  if (!invoice) throw invoiceNotFound('id' in input.invoice ? 'id' : 'foreign_id');
  const txs = await repo.listTransactions(deps.db, organisationId, invoice.id);
  const cb = callbackBody(invoice, txs);
  return {
    ...invoiceDetails(invoice, deps.clock.now(), invoiceUrl(deps, invoice)),
    crypto_address: cb.crypto_address,
    currency_sent: cb.currency_sent,
    currency_received: cb.currency_received,
    transactions: cb.transactions,
    fees: cb.fees,
  };
}

export async function listInvoices(ctx: Context, input: { page: number; perPage: number; status?: InvoiceStatus }) {
  const { deps, organisationId } = ctx;
  const { page, perPage, status } = input;
  const { rows, total } = await repo.listInvoices(deps.db, organisationId, {
    limit: perPage,
    offset: (page - 1) * perPage,
    ...(status ? { status } : {}),
  });
  const now = deps.clock.now();
  return {
    data: rows.map((r) => invoiceDetails(r, now, invoiceUrl(deps, r))),
    meta: { current_page: page, per_page: perPage, total, last_page: Math.max(1, Math.ceil(total / perPage)) },
  };
}

/** Balances per currency, from the ledger (the use case takes no input). */
export async function listAccounts(ctx: Context) {
  const sums = await balances(ctx.deps.db, ctx.organisationId);
  return CURRENCIES.map((c) => ({ currency: c.currency, type: c.type, balance: formatUnits(sums.get(c.currency) ?? 0n) }));
}

/** Exactly one of these names the transaction (or, by foreign_id, its invoice). */
export type TransactionLookup = { id: bigint } | { foreignId: string } | { txid: string };

const lookupField = (lookup: TransactionLookup) => ('id' in lookup ? 'id' : 'foreignId' in lookup ? 'foreign_id' : 'txid');

export async function transactionInfo(ctx: Context, input: TransactionLookup) {
  const { deps, organisationId } = ctx;
  let invoice: repo.InvoiceRow | null = null;
  if ('foreignId' in input) invoice = await repo.findInvoice(deps.db, organisationId, { foreignId: input.foreignId });
  else {
    const t = await repo.findTransaction(deps.db, organisationId, input);
    if (t) invoice = await repo.findInvoice(deps.db, organisationId, { id: t.invoice_id });
  }
  if (!invoice) {
    // Not an invoice's: a deposit to a permanent address, a withdrawal or an exchange (one id space).
    const wallet = await walletTransactionInfo(ctx, input);
    if (wallet) return wallet;
    throw fieldErrors({ [lookupField(input)]: 'Transaction not found.' });
  }
  // The documented answer is the callback body without its timestamps, not wrapped in `data`.
  const {
    fixed_at: _fixed,
    expires_at: _expires,
    ...answer
  } = callbackBody(invoice, await repo.listTransactions(deps.db, organisationId, invoice.id));
  return answer;
}

/** The payer's page: the invoice behind an unguessable slug (the slug names the organisation). */
export async function invoiceBySlug(ctx: Context<null>, input: { slug: string }) {
  const { db } = ctx.deps;
  const invoice = await repo.findInvoiceBySlug(db, input.slug);
  if (!invoice) return null;
  const txs = await repo.listTransactions(db, invoice.organisation_id, invoice.id);
  return { invoice, transactions: txs, sums: sumsOf(invoice, txs) };
}
