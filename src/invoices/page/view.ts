// What the payer's page shows, as one JSON-able object: rendered into the HTML and polled by it.
import { displayAmount, findCurrency, payable } from '../currencies.js';
import { formatUnits, max } from '../money.js';
import type { InvoiceRow, TransactionRow } from '../repository.js';
import { sumsOf } from '../serialize.js';
import { ERRORS } from '../states.js';
import type { LiveView } from './live.js';

/** Why a failed invoice failed, in a word the page turns into a sentence (page/texts.ts). */
export type FailureReason = 'not_paid' | 'paid_less' | 'processing_too_long' | 'cancelled' | 'other';

const REASONS: Record<string, FailureReason> = {
  [ERRORS.notPaid]: 'not_paid',
  [ERRORS.paidLess]: 'paid_less',
  [ERRORS.processingTooLong]: 'processing_too_long',
  [ERRORS.cancelled]: 'cancelled',
};

/** What a confirmed invoice's receipt shows: the sum received, each transaction, when it was confirmed. */
export interface Receipt {
  paid: string;
  currency: string | null;
  transactions: { txid: string; amount: string }[];
  confirmed_at: string;
}

export interface PageView {
  title: string;
  description: string | null;
  status: string;
  error: string | null;
  currency: string;
  amount: string;
  sender_currency: string | null;
  sender_amount: string | null;
  address: string | null;
  paid: string;
  remaining: string | null;
  seconds_left: number | null;
  currencies: { currency: string; amount: string | null }[];
  redirect_url: string | null;
  sandbox: boolean;
  /** Set on a failed invoice; a final invoice has no address, no currencies and no payment URI. */
  reason: FailureReason | null;
  receipt: Receipt | null;
  /** On a live network: names, payment URI and confirmations (page/live.ts); null on the sandbox. */
  live: LiveView | null;
}

export function pageView(
  invoice: InvoiceRow,
  transactions: TransactionRow[],
  now: Date,
  options: { sandbox: boolean; quote: (currency: string) => bigint | null; live?: LiveView | null },
): PageView {
  const sums = sumsOf(invoice, transactions);
  const final = invoice.status === 'confirmed' || invoice.status === 'failed';
  return {
    title: invoice.title,
    description: invoice.description,
    status: invoice.status,
    error: invoice.error,
    currency: invoice.currency,
    // The invoice's own currency as people read it ("10.50 GBP", "1500 JPY"); the payer's crypto keeps 8 decimals.
    amount: displayAmount(findCurrency(invoice.currency), invoice.amount),
    sender_currency: invoice.sender_currency,
    sender_amount: invoice.sender_amount === null ? null : formatUnits(invoice.sender_amount),
    // A final invoice never tells the payer where to send money.
    address: final ? null : invoice.address,
    paid: formatUnits(sums.seen),
    remaining: invoice.sender_amount === null ? null : formatUnits(max(0n, sums.due - sums.seen)),
    seconds_left: invoice.expires_at && !final ? Math.max(0, Math.floor((invoice.expires_at.getTime() - now.getTime()) / 1000)) : null,
    // Indicative amounts before the payer picks; the rate is fixed on the pick.
    currencies:
      invoice.address || final
        ? []
        : payable()
            .filter((c) => !invoice.sender_currency || c.currency === invoice.sender_currency)
            .map((c) => {
              const q = options.quote(c.currency);
              return { currency: c.currency, amount: q === null ? null : formatUnits(q) };
            }),
    redirect_url: invoice.status === 'confirmed' ? invoice.url_success : invoice.status === 'failed' ? invoice.url_failed : null,
    sandbox: options.sandbox,
    reason: invoice.status === 'failed' ? (REASONS[invoice.error ?? ''] ?? 'other') : null,
    receipt: invoice.status === 'confirmed' ? receipt(invoice, transactions, sums.seen) : null,
    live: final ? null : (options.live ?? null),
  };
}

function receipt(invoice: InvoiceRow, transactions: TransactionRow[], seen: bigint): Receipt {
  const times = transactions.map((t) => (t.confirmed_at ?? t.created_at).getTime());
  return {
    paid: formatUnits(seen),
    currency: invoice.sender_currency,
    transactions: transactions.map((t) => ({ txid: t.txid, amount: formatUnits(t.amount) })),
    confirmed_at: new Date(times.length ? Math.max(...times) : invoice.updated_at.getTime()).toISOString(),
  };
}
