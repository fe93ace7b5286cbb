// Which e-mail the payer (email_user) gets after a state change, as the reference describes: refund
// instructions when they paid less than requested, recovery instructions when they paid more. Pure.
import type { InvoiceRow, TransactionRow } from './repository.js';
import { sumsOf } from './serialize.js';
import { ERRORS } from './states.js';

export type PayerNotice = 'invoice_underpaid' | 'invoice_overpaid';

export function payerNotice(before: Pick<InvoiceRow, 'status'>, after: InvoiceRow, transactions: TransactionRow[]): PayerNotice | null {
  if (!after.email_user || before.status === after.status) return null;
  if (after.status === 'failed' && after.error === ERRORS.paidLess) return 'invoice_underpaid';
  if (after.status === 'confirmed' && after.sender_amount !== null && sumsOf(after, transactions).seen > after.sender_amount)
    return 'invoice_overpaid';
  return null;
}
