// One invoice as the console shows it: its details (the Merchant API's invoices/info fields), its
// transactions with the network that carried them, its status history and the callbacks sent for
// it with every attempt. The history is the callbacks written for it — one for every status the
// invoice passed (lifecycle.ts, sendCallback) — after `created`; those rows are pruned with the
// outbox after RETENTION_DAYS, the current status always shows.
import type { Context } from '../platform/context.js';
import type { Deps } from '../platform/deps.js';
import { notFound } from '../platform/errors.js';
import { attemptsOf } from '../webhooks/deliveries-repository.js';
import { callbackDeliveriesOf, callbackEventsOf } from '../webhooks/invoice-callbacks-repository.js';
import { deliveryView, type DeliveryView } from '../webhooks/serialize.js';
import { invoiceOrderingKey } from './lifecycle.js';
import { formatUnits } from './money.js';
import * as repo from './repository.js';
import { invoiceDetails, invoiceUrl } from './serialize.js';

export interface HistoryEntry {
  status: string;
  at: Date;
}

export interface TransactionItem {
  id: number;
  txid: string;
  currency: string;
  amount: string;
  confirmations: number;
  status: repo.TransactionRow['status'];
  network: string;
  createdAt: Date;
}

/** The network that carried an invoice's payments: the sandbox, or the live chain serving its currency. */
export function networkName(deps: Pick<Deps, 'config'>, invoice: Pick<repo.InvoiceRow, 'live'>, currency: string): string {
  if (!invoice.live) return 'sandbox';
  return deps.config.evmNetworks.find((n) => Object.hasOwn(n.currencies, currency))?.name ?? 'live';
}

/** An invoice id as the console's URL carries it: digits that fit a bigint, else null (a 404). */
export function parseInvoiceId(raw: string): bigint | null {
  return /^[1-9][0-9]{0,17}$/.test(raw) ? BigInt(raw) : null;
}

export async function findOwnInvoice(ctx: Context, id: bigint): Promise<repo.InvoiceRow> {
  const invoice = await repo.findInvoice(ctx.deps.db, ctx.organisationId, { id });
  if (!invoice) throw notFound('Invoice');
  return invoice;
}

export async function invoiceActivity(ctx: Context, input: { id: bigint }) {
  const { deps, organisationId } = ctx;
  const invoice = await findOwnInvoice(ctx, input.id);
  const key = invoiceOrderingKey(invoice.id);
  const [txs, events, deliveries] = await Promise.all([
    repo.listTransactions(deps.db, organisationId, invoice.id),
    callbackEventsOf(deps.db, organisationId, key),
    callbackDeliveriesOf(deps.db, organisationId, key),
  ]);
  const attempts = await attemptsOf(
    deps.db,
    deliveries.map((d) => d.id),
  );
  const history: HistoryEntry[] = [
    { status: 'created', at: invoice.created_at },
    ...events.flatMap((e) => (e.status ? [{ status: e.status, at: e.created_at }] : [])),
  ];
  const transactions: TransactionItem[] = txs.map((t) => ({
    id: Number(t.id),
    txid: t.txid,
    currency: t.currency,
    amount: formatUnits(t.amount),
    confirmations: t.confirmations,
    status: t.status,
    network: networkName(deps, invoice, t.currency),
    createdAt: t.created_at,
  }));
  const callbacks: (DeliveryView & { callbackStatus: string | null })[] = deliveries.map((d) => ({
    ...deliveryView(d, attempts),
    callbackStatus: events.find((e) => e.event_id === d.event_id)?.status ?? null,
  }));
  return {
    invoice: { ...invoiceDetails(invoice, deps.clock.now(), invoiceUrl(deps, invoice)), live: invoice.live },
    transactions,
    history,
    callbacks,
    /** Callbacks written but not handed to the delivery worker yet. */
    queued: events.filter((e) => e.dispatched_at === null).length,
    /** Callbacks dispatched while the merchant had no callback URL: nobody to send them to. */
    unsent: events.filter((e) => e.dispatched_at !== null && !deliveries.some((d) => d.event_id === e.event_id)).length,
  };
}

export type InvoiceActivity = Awaited<ReturnType<typeof invoiceActivity>>;
