// The cancel's one statement (cancel.ts): fail the unpaid invoices named, drop their timers and write
// their callbacks, for a whole batch of cancels at once.
import type { Queryable } from '../db/database.js';
import { MERCHANT_CALLBACK_TOPIC } from '../platform/events.js';
import { formatUnits, SCALE } from './money.js';

/** One cancel of the batch: the invoice by its foreign id, the error it fails with, the callback's event id, the time. */
export interface UnpaidCancel {
  organisationId: string;
  foreignId: string;
  error: string;
  eventId: string;
  now: Date;
}

const ONE = (10n ** BigInt(SCALE)).toString();
/** formatUnits in SQL, for the non-negative units a callback shows: 106.75 → '106.75000000'. */
const units = (x: string) => `((${x}) / ${ONE})::text || '.' || lpad(((${x}) % ${ONE})::text, ${SCALE}, '0')`;
const ZERO = `'${formatUnits(0n)}'`;
const unixSeconds = (x: string) => `floor(extract(epoch FROM ${x}))::bigint`;

/**
 * serialize.ts's callbackBody of a failed invoice without transactions, as jsonb: no transaction, so
 * nothing sent or received, no fees, and the whole sum still to pay. jsonb keeps no key order; the
 * dispatcher writes the keys in callbackBody's order (callback-order.ts). A test holds the two equal.
 */
const FIXED = 'f.address IS NOT NULL AND f.sender_currency IS NOT NULL AND f.sender_amount IS NOT NULL';
const CALLBACK_JSONB = `jsonb_build_object(
         'id', f.id, 'foreign_id', f.foreign_id, 'end_user_reference', f.end_user_reference, 'type', 'invoice',
         'crypto_address', CASE WHEN ${FIXED}
           THEN jsonb_build_object('id', f.address_id, 'currency', f.sender_currency, 'address', f.address, 'tag', NULL)
           ELSE jsonb_build_object('id', 0, 'currency', f.currency, 'address', '', 'tag', NULL) END,
         'currency_sent', CASE WHEN ${FIXED}
           THEN jsonb_build_object('currency', f.sender_currency, 'amount', ${ZERO}, 'remaining_amount', ${units('greatest(f.sender_amount, 0)')})
           ELSE jsonb_build_object('currency', f.currency, 'amount', ${ZERO}, 'remaining_amount', ${units('f.amount')}) END,
         'currency_received', jsonb_build_object('currency', f.currency, 'amount', ${ZERO}, 'amount_minus_fee', ${ZERO}),
         'transactions', '[]'::jsonb, 'fees', '[]'::jsonb, 'error', coalesce(f.error, ''), 'status', f.status,
         'fixed_at', ${unixSeconds('f.fixed_at')}, 'expires_at', ${unixSeconds('f.expires_at')})`;

/**
 * One autocommitted statement for a batch: fails each named invoice that is in `from` and has no
 * transaction, drops its timer and writes its callback. `seen` reads each invoice with its row version
 * (xmin) in the statement's snapshot, where it has no transaction; the UPDATE takes it only if that is
 * still the version it locks. A payment committed meanwhile (it updates the invoice in the same
 * transaction) changed the version, so the invoice is left to the locked path, which reads the
 * payment: under READ COMMITTED the UPDATE rechecks its conditions on the new row, but a subquery keeps
 * the old snapshot and would not see the new transaction. An invoice named twice is taken once.
 */
const CANCEL_SQL = `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS k(organisation_id, foreign_id, error, event_id, at, n)
     ), seen AS (
       SELECT DISTINCT ON (i.id) k.n, k.error, k.event_id, k.at, i.id, i.xmin AS version
         FROM input k JOIN invoices i ON i.organisation_id = k.organisation_id AND i.foreign_id = k.foreign_id
        WHERE i.status = ANY ($6::text[]) AND NOT EXISTS (SELECT 1 FROM invoice_transactions t WHERE t.invoice_id = i.id)
        ORDER BY i.id, k.n
     ), failed AS (
       UPDATE invoices i SET status = 'failed', error = s.error, updated_at = s.at::timestamptz
         FROM seen s
        WHERE i.id = s.id AND i.xmin = s.version
        RETURNING s.n, s.event_id, i.*
     ), jobs AS (
       -- An array of ids, not a join to failed: an index lookup whatever the statistics say of the table's size.
       DELETE FROM invoice_jobs WHERE invoice_id = ANY (ARRAY(SELECT id FROM failed))
     ), event AS (
       INSERT INTO outbox (organisation_id, event_id, topic, payload, ordering_key)
       SELECT f.organisation_id, f.event_id, '${MERCHANT_CALLBACK_TOPIC}', ${CALLBACK_JSONB}, 'invoice:' || f.id
         FROM failed f ORDER BY f.n
     )
     SELECT n FROM failed`;

/**
 * Answers, per cancel in order, whether its invoice was failed here; false: not found, not open, paid
 * into, changed meanwhile or named twice — the locked path decides which.
 */
export async function failUnpaidInvoices(q: Queryable, cancels: readonly UnpaidCancel[], from: readonly string[]): Promise<boolean[]> {
  const { rows } = await q.query<{ n: string | number | bigint }>(
    CANCEL_SQL,
    [
      cancels.map((c) => c.organisationId),
      cancels.map((c) => c.foreignId),
      cancels.map((c) => c.error),
      cancels.map((c) => c.eventId),
      cancels.map((c) => c.now.toISOString()),
      [...from],
    ],
    { prepare: true },
  );
  const failed = new Set(rows.map((r) => Number(r.n)));
  return cancels.map((_, k) => failed.has(k + 1));
}
