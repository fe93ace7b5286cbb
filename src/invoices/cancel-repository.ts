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

/** The invoices named by ($1[k], $2[k]), each row with its k: one statement for a batch of cancels. */
const VERSION_SQL = `SELECT k.n, ${callbackColumns.map((c) => `i.${c}`).join(', ')}, i.xmin::text AS row_version,
       EXISTS (SELECT 1 FROM invoice_transactions t WHERE t.invoice_id = i.id) AS has_transactions
  FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS k(organisation_id, foreign_id, n)
  JOIN invoices i ON i.organisation_id = k.organisation_id AND i.foreign_id = k.foreign_id`;

export type InvoiceName = { organisationId: string; foreignId: string };

/** Each named invoice with its row version, in the order asked; null for one that does not exist. */
export async function findInvoiceVersions(q: Queryable, names: readonly InvoiceName[]): Promise<(VersionedInvoice | null)[]> {
  const { rows } = await q.query<VersionedInvoice & { n: string | number | bigint }>(
    VERSION_SQL,
    [names.map((k) => k.organisationId), names.map((k) => k.foreignId)],
    { prepare: true },
  );
  const found: (VersionedInvoice | null)[] = names.map(() => null);
  for (const { n, ...invoice } of rows) found[Number(n) - 1] = invoice;
  return found;
}

/** One optimistic cancel: the invoice as read, the error it fails with, and its callback's outbox values. */
export interface UnpaidFailure {
  invoice: { id: bigint; row_version: string };
  error: string;
  now: Date;
  /** The outbox row's values in outboxValues' order. */
  outbox: readonly [string, string, string, string, string | null, string | null];
}

/**
 * Fails invoices nothing was paid into, drops their timers and writes their callbacks' outbox rows in
 * one autocommitted statement — each only if its row is still the version read (its xmin) and still has
 * no transaction. Every column is one text array, unnested. An invoice named twice is sent once (the
 * first): an UPDATE changes a row once, and the second cancel must read it again.
 */
const FAIL_SQL = `WITH input AS (
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS u(id, row_version, error, updated_at, organisation_id, event_id, topic, payload, ordering_key, body)
     ), failed AS (
       UPDATE invoices i SET status = 'failed', error = u.error, updated_at = u.updated_at::timestamptz
         FROM input u
        WHERE i.id = u.id AND i.xmin = u.row_version::xid AND NOT EXISTS (SELECT 1 FROM invoice_transactions t WHERE t.invoice_id = i.id)
        RETURNING i.id
     ), jobs AS (
       -- An array of ids, not a join to failed: an index lookup whatever the statistics say of the table's size.
       DELETE FROM invoice_jobs WHERE invoice_id = ANY (ARRAY(SELECT id FROM failed))
     ), event AS (
       INSERT INTO outbox (organisation_id, event_id, topic, payload, ordering_key, body)
       SELECT u.organisation_id::uuid, u.event_id, u.topic, u.payload::jsonb, u.ordering_key, u.body
         FROM input u JOIN failed f ON f.id = u.id ORDER BY u.id
     )
     SELECT id FROM failed`;

/** Answers, per failure in order, whether it was written; false: the row changed meanwhile, read again. */
export async function failUnpaidInvoicesAt(q: Queryable, failures: readonly UnpaidFailure[]): Promise<boolean[]> {
  const seen = new Set<bigint>();
  const sent = failures.filter((f) => !seen.has(f.invoice.id) && seen.add(f.invoice.id));
  const params = [
    sent.map((f) => f.invoice.id.toString()),
    sent.map((f) => f.invoice.row_version),
    sent.map((f) => f.error),
    sent.map((f) => f.now.toISOString()),
    ...[0, 1, 2, 3, 4, 5].map((k) => sent.map((f) => f.outbox[k] ?? null)),
  ];
  const { rows } = await q.query<{ id: bigint }>(FAIL_SQL, params, { prepare: true });
  const failed = new Set(rows.map((r) => r.id));
  return failures.map((f) => sent.includes(f) && failed.has(f.invoice.id));
}
