// The cancel's optimistic statements (cancel.ts): read an invoice with its row version, then fail it
// and write its callback in one statement only if that version is still current.
import type { Queryable } from '../db/database.js';
import { type CallbackInvoice, callbackColumns } from './serialize.js';

/**
 * An invoice as read for an optimistic write: the columns its callback shows (reading all 29 cost the
 * driver a parser and a conversion per column), and `row_version`, its xmin, which every update of the
 * row changes.
 */
export type VersionedInvoice = CallbackInvoice & { row_version: string; has_transactions: boolean };

const VERSION_SQL = `SELECT ${callbackColumns.map((c) => `i.${c}`).join(', ')}, i.xmin::text AS row_version,
       EXISTS (SELECT 1 FROM invoice_transactions t WHERE t.invoice_id = i.id) AS has_transactions
  FROM invoices i WHERE i.organisation_id = $1 AND i.foreign_id = $2`;

export async function findInvoiceVersion(q: Queryable, organisationId: string, foreignId: string): Promise<VersionedInvoice | null> {
  const { rows } = await q.query<VersionedInvoice>(VERSION_SQL, [organisationId, foreignId], { prepare: true });
  return rows[0] ?? null;
}

/**
 * Fails an invoice nothing was paid into, drops its timer and writes the outbox row (`outbox`: values
 * in outboxValues' order) in one autocommitted statement — only if the row is still the version read
 * (its xmin) and still has no transaction. False when it changed meanwhile: read again and decide again.
 */
export async function failUnpaidInvoiceAt(
  q: Queryable,
  invoice: { id: bigint; row_version: string },
  error: string,
  now: Date,
  outbox: readonly unknown[],
): Promise<boolean> {
  const { rows } = await q.query(
    `WITH failed AS (
       UPDATE invoices i SET status = 'failed', error = $3, updated_at = $4
        WHERE i.id = $1 AND i.xmin = $2::xid AND NOT EXISTS (SELECT 1 FROM invoice_transactions t WHERE t.invoice_id = i.id)
        RETURNING i.id
     ), jobs AS (
       -- By the id, not a join to failed: an index lookup whatever the statistics say of the table's size.
       DELETE FROM invoice_jobs WHERE invoice_id = $1 AND EXISTS (SELECT 1 FROM failed)
     ), event AS (
       INSERT INTO outbox (organisation_id, event_id, topic, payload, ordering_key, body)
       SELECT $5, $6, $7, $8, $9, $10 FROM failed
     )
     SELECT id FROM failed`,
    [invoice.id, invoice.row_version, error, now, ...outbox],
    { prepare: true },
  );
  return rows.length > 0;
}
