// The invoice lifecycle, pure: which event may move an invoice from which status, and where to.
// created → pending (currency picked and rate fixed, or a partial payment) → processing (full sum
// seen, deadline extended to 24 h) → confirmed; failed from any open status, with the vendor's texts.

export const STATUSES = ['created', 'pending', 'processing', 'confirmed', 'failed'] as const;
export type InvoiceStatus = (typeof STATUSES)[number];
export const OPEN: readonly InvoiceStatus[] = ['created', 'pending', 'processing'];
export const isFinal = (s: InvoiceStatus) => s === 'confirmed' || s === 'failed';

export const INVOICE_TYPES = ['fill_or_kill', 'good_until_expired'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];

export const ERRORS = {
  notPaid: 'Timer expired. User not paid.',
  processingTooLong: 'Timer expired. Transactions were in status processing too long.',
  paidLess: 'Timer expired. User paid less than requested.',
  cancelled: 'Invoice cancelled by the merchant.',
} as const;

/** Sums are units of the payer's currency: `due` the quoted sum, `seen` all payments, `confirmed` the confirmed ones. */
export interface Sums {
  due: bigint;
  seen: bigint;
  confirmed: bigint;
}

export type InvoiceEvent =
  | { type: 'select_currency' }
  | { type: 'payment'; sums: Sums }
  | { type: 'confirmation'; sums: Sums; invoiceType: InvoiceType; allConfirmed: boolean }
  | { type: 'expire'; sums: Sums }
  | { type: 'cancel' }
  /** A payment not yet final was dropped by a chain reorganisation (sums without it). */
  | { type: 'withdrawal'; sums: Sums };
export type EventType = InvoiceEvent['type'];
export const EVENT_TYPES: readonly EventType[] = ['select_currency', 'payment', 'confirmation', 'expire', 'cancel', 'withdrawal'];

/** From which statuses each event is accepted at all. */
export const ALLOWED_FROM: Record<EventType, readonly InvoiceStatus[]> = {
  select_currency: ['created'],
  payment: ['created', 'pending', 'processing'],
  confirmation: ['created', 'pending', 'processing'],
  expire: ['created', 'pending', 'processing'],
  cancel: ['created', 'pending', 'processing'],
  withdrawal: ['created', 'pending', 'processing'],
};

export type Outcome = { ok: true; status: InvoiceStatus; error: string | null; extendDeadline: boolean } | { ok: false };

const to = (status: InvoiceStatus, error: string | null = null, extendDeadline = false): Outcome => ({
  ok: true,
  status,
  error,
  extendDeadline,
});

export function transition(status: InvoiceStatus, event: InvoiceEvent): Outcome {
  if (!ALLOWED_FROM[event.type].includes(status)) return { ok: false };
  switch (event.type) {
    case 'select_currency':
      return to('pending');
    case 'payment':
      // The full sum in the mempool: wait up to 24 h for confirmations. Overpaying counts as full.
      // Sums only grow, so a processing invoice stays processing.
      if (status === 'processing' || event.sums.seen >= event.sums.due) return to('processing', null, status !== 'processing');
      return to('pending');
    case 'confirmation':
      // Only money received confirms: nothing confirmed (or no sum due yet: no currency picked) never does.
      if (event.sums.confirmed > 0n && event.sums.due > 0n && event.sums.confirmed >= event.sums.due) return to('confirmed');
      // Fill-or-kill: one payment decides; once everything sent is confirmed and short, it fails.
      if (event.invoiceType === 'fill_or_kill' && event.allConfirmed && event.sums.seen > 0n) return to('failed', ERRORS.paidLess);
      return to(status);
    case 'expire':
      if (status === 'processing') return to('failed', ERRORS.processingTooLong);
      return to('failed', event.sums.seen > 0n ? ERRORS.paidLess : ERRORS.notPaid);
    case 'cancel':
      return to('failed', ERRORS.cancelled);
    case 'withdrawal':
      // Back to where the invoice was before the payment: processing only while the rest still covers the sum.
      if (status === 'processing' && event.sums.seen < event.sums.due) return to('pending');
      return to(status);
  }
}
