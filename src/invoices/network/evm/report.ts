// One payment seen on chain, reported through the one lifecycle path on its locked invoice: a
// payment to an open invoice, or a late one to a final invoice (kept and booked, status unchanged).
// A payment the lifecycle refuses becomes a PaymentRefused the watcher records and retries (failures-repository.ts).
import type { Queryable } from '../../../db/database.js';
import { systemContext } from '../../../platform/context.js';
import type { Deps } from '../../../platform/deps.js';
import { MerchantApiError } from '../../errors.js';
import { recordLatePaymentIn, recordPaymentIn } from '../../lifecycle.js';
import type { InvoiceRow } from '../../repository.js';
import { isFinal } from '../../states.js';
import type { EvmChain } from './chain.js';
import * as repo from './repository.js';

export const ctxFor = (deps: Deps, organisationId: string) => systemContext(deps, organisationId, 'evm watcher');

/** What the watcher's onError receives for a refused payment: chain coordinates and the error text, no personal data. */
export class PaymentRefused extends Error {
  constructor(
    readonly network: string,
    readonly txHash: string,
    readonly logIndex: number,
    readonly invoiceId: string,
    readonly attempts: number,
    reason: string,
  ) {
    super(`the ${network} payment ${txHash}:${logIndex} to invoice ${invoiceId} was refused (attempt ${attempts}): ${reason}`);
    this.name = 'PaymentRefused';
  }
}

/**
 * The error's text for the failure row and the log: its message, with the fields a Merchant API error
 * names (`{"currency": "The selected currency is invalid."}`); lifecycle errors carry no personal data.
 */
export function reasonOf(error: unknown): string {
  const fields = error instanceof MerchantApiError ? error.body.errors : undefined;
  const text = fields ? JSON.stringify(fields) : error instanceof Error ? error.message : String(error);
  return text.slice(0, 500);
}

/** The invoice transaction's txid: the transaction hash, or with the log index when another payment of the transaction has it. */
export function txidFor(taken: Set<string>, txHash: string, logIndex: number): string {
  const txid = taken.has(txHash) ? `${txHash}:${logIndex}` : txHash;
  taken.add(txid);
  return txid;
}

/** Reports the recorded payment `p` on its invoice (locked, in `invoices`, which gets the row as it is after). */
export async function reportPayment(
  deps: Deps,
  chain: EvmChain,
  tx: Queryable,
  invoices: Map<bigint, InvoiceRow>,
  p: repo.PaymentRow,
  now: Date,
): Promise<void> {
  const invoice = invoices.get(p.invoice_id);
  if (!invoice) throw new Error('the invoice of the payment does not exist');
  const required = chain.config.confirmations;
  const payment = { currency: p.currency, amount: p.amount, txid: p.txid, confirmations: 1, required };
  const ctx = ctxFor(deps, invoice.organisation_id);
  const updated = isFinal(invoice.status)
    ? await recordLatePaymentIn(ctx, tx, invoice, payment, now)
    : await recordPaymentIn(ctx, tx, invoice, payment, now);
  if (required <= 1) await repo.setConfirmations(tx, p.id, 1, true);
  // Last: a step rolled back to its savepoint leaves the row as it was before it.
  invoices.set(updated.id, updated);
}
