// Rows → the vendor's wire shapes: the create response and the invoice callback body.
// Amounts are 8-decimal strings; times are unix seconds (integers), as the vendor's clients parse them.
import type { Deps } from '../platform/deps.js';
import { decryptLinkToken } from '../platform/decrypted-links.js';
import { findCurrency } from './currencies.js';
import { formatUnits, max } from './money.js';
import type { InvoiceRow, TransactionRow } from './repository.js';
import type { Sums } from './states.js';

export const unix = (d: Date | null): number | null => (d === null ? null : Math.floor(d.getTime() / 1000));
const amount = (units: bigint | null): string | null => (units === null ? null : formatUnits(units));

/** The hosted page's url from its slug in the clear (a create has it before encrypting it). */
export const invoiceUrlOf = (deps: Pick<Deps, 'config'>, slug: string) => `${deps.config.publicUrl}/invoice/${slug}`;

/** The hosted page's url: the slug is stored only hashed and encrypted, so showing it needs the key. */
export const invoiceUrl = (deps: Pick<Deps, 'config' | 'secretKey'>, invoice: Pick<InvoiceRow, 'slug_encrypted'>) =>
  invoiceUrlOf(deps, decryptLinkToken(deps.secretKey, invoice.slug_encrypted));

export function sumsOf(invoice: Pick<InvoiceRow, 'sender_amount'>, transactions: TransactionRow[]): Sums {
  let seen = 0n;
  let confirmed = 0n;
  for (const t of transactions) {
    seen += t.amount;
    if (t.status === 'confirmed') confirmed += t.amount;
  }
  return { due: invoice.sender_amount ?? 0n, seen, confirmed };
}

/** The create response's `data`. */
export function invoiceData(invoice: InvoiceRow, now: Date, url: string) {
  const deadline = invoice.expires_at;
  return {
    id: Number(invoice.id),
    url,
    foreign_id: invoice.foreign_id,
    end_user_reference: invoice.end_user_reference,
    address: invoice.address,
    title: invoice.title,
    status: invoice.status,
    currency: invoice.currency,
    amount: formatUnits(invoice.amount),
    sender_currency: invoice.sender_currency,
    sender_amount: amount(invoice.sender_amount),
    fixed_at: unix(invoice.fixed_at),
    release_at: unix(invoice.release_at),
    // Until the current deadline (release_at, or the 24 h confirmation window once paid); null without one.
    seconds_left:
      deadline && !['confirmed', 'failed'].includes(invoice.status)
        ? Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 1000))
        : null,
  };
}

/** Extension: the create shape plus what a merchant needs to reconcile (invoices/info, invoices/list). */
export function invoiceDetails(invoice: InvoiceRow, now: Date, url: string) {
  return {
    ...invoiceData(invoice, now, url),
    type: invoice.type,
    timer: invoice.timer,
    description: invoice.description,
    error: invoice.error,
    expires_at: unix(invoice.expires_at),
    created_at: unix(invoice.created_at),
  };
}

export function received(invoice: Pick<InvoiceRow, 'sender_amount' | 'amount'>, transactions: TransactionRow[]) {
  // Confirmed crypto converted at the invoice's fixed rate into the currency the merchant asked for.
  let gross = 0n;
  let fees = 0n;
  for (const t of transactions) {
    if (t.status !== 'confirmed') continue;
    gross += t.amount;
    fees += t.fee;
  }
  const convert = (units: bigint) =>
    invoice.sender_amount && invoice.sender_amount > 0n ? (units * invoice.amount) / invoice.sender_amount : 0n;
  return { gross: convert(gross), net: convert(gross - fees), crypto: { gross, net: gross - fees } };
}

/** The columns a callback body shows. */
export type CallbackInvoice = Pick<
  InvoiceRow,
  | 'id'
  | 'foreign_id'
  | 'end_user_reference'
  | 'address_id'
  | 'address'
  | 'sender_currency'
  | 'sender_amount'
  | 'currency'
  | 'amount'
  | 'error'
  | 'status'
  | 'fixed_at'
  | 'expires_at'
>;

/**
 * The invoice callback body, as the reference documents it (also the transactions/info answer).
 * Keys are in the documented order: the outbox writes them as they are here (PHP json_encode).
 *
 * Every field a typed client decodes as a string is a string in every status. Before the payer has
 * picked a currency (a type-1 or type-2 invoice that fails by cancel or timer) there is no crypto
 * address and no payer currency yet: `crypto_address` is then `{"id": 0, "currency": <the invoice's
 * currency>, "address": "", "tag": null}` and `currency_sent` is in the invoice's currency, nothing sent
 * and the whole amount remaining — never `null` (a Rust connector's model has non-optional strings
 * there, and a missing `crypto_address` would fail it just the same).
 */
export function callbackBody(invoice: CallbackInvoice, transactions: TransactionRow[]) {
  const sums = sumsOf(invoice, transactions);
  const got = received(invoice, transactions);
  const feeCurrency = findCurrency(invoice.sender_currency);
  const totalFee = transactions.filter((t) => t.status === 'confirmed').reduce((s, t) => s + t.fee, 0n);
  const fixed = invoice.address !== null && invoice.sender_currency !== null && invoice.sender_amount !== null;
  return {
    id: Number(invoice.id),
    foreign_id: invoice.foreign_id,
    end_user_reference: invoice.end_user_reference,
    type: 'invoice' as const,
    crypto_address: fixed
      ? { id: Number(invoice.address_id), currency: invoice.sender_currency!, address: invoice.address!, tag: null }
      : { id: 0, currency: invoice.currency, address: '', tag: null },
    currency_sent: fixed
      ? {
          currency: invoice.sender_currency!,
          amount: formatUnits(sums.seen),
          remaining_amount: formatUnits(max(0n, sums.due - sums.seen)),
        }
      : { currency: invoice.currency, amount: formatUnits(0n), remaining_amount: formatUnits(invoice.amount) },
    currency_received: { currency: invoice.currency, amount: formatUnits(got.gross), amount_minus_fee: formatUnits(got.net) },
    transactions: transactions.map((t) => ({
      id: Number(t.id),
      currency: t.currency,
      transaction_type: 'blockchain',
      type: 'deposit',
      address: t.address,
      tag: null,
      amount: formatUnits(t.amount),
      txid: t.txid,
      confirmations: String(t.confirmations),
    })),
    fees:
      feeCurrency && totalFee > 0n ? [{ type: 'fee_crypto_deposit', currency: feeCurrency.currency, amount: formatUnits(totalFee) }] : [],
    // The current docs send "" when there is no error.
    error: invoice.error ?? '',
    status: invoice.status,
    fixed_at: unix(invoice.fixed_at),
    expires_at: unix(invoice.expires_at),
  };
}
