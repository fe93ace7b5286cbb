// SQL for invoices and their transactions (the ledger is ledger-repository.ts, timer jobs
// jobs-repository.ts). Every function is scoped by organisation except the ones the timer worker
// and the public page use by design.
import type { Queryable } from '../db/database.js';
import { sha256 } from '../platform/crypto.js';
import type { InvoiceStatus, InvoiceType } from './states.js';

export interface InvoiceRow {
  id: bigint;
  organisation_id: string;
  foreign_id: string;
  slug_hash: Buffer;
  slug_encrypted: string;
  type: InvoiceType;
  timer: boolean;
  title: string;
  description: string | null;
  currency: string;
  amount: bigint;
  sender_currency: string | null;
  sender_amount: bigint | null;
  address_id: bigint | null;
  address: string | null;
  status: InvoiceStatus;
  error: string | null;
  end_user_reference: string | null;
  url_success: string;
  url_failed: string;
  email_user: string | null;
  sender_type: string | null;
  sender_data: Record<string, unknown> | null;
  fixed_at: Date | null;
  release_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** Created by a merchant in live mode: served by the live network for good (migration 20). */
  live: boolean;
}

export interface TransactionRow {
  id: bigint;
  organisation_id: string;
  invoice_id: bigint;
  currency: string;
  amount: bigint;
  fee: bigint;
  address: string;
  txid: string;
  confirmations: number;
  status: 'not_confirmed' | 'confirmed';
  created_at: Date;
  confirmed_at: Date | null;
}

export type NewInvoice = Omit<InvoiceRow, 'id' | 'error' | 'updated_at'>;

/** The columns a create writes, with their SQL types (the batch sends each column as one text array). */
const INSERT_COLUMNS = [
  ['organisation_id', 'uuid'],
  ['foreign_id', 'text'],
  ['slug_hash', 'bytea'],
  ['slug_encrypted', 'text'],
  ['type', 'text'],
  ['timer', 'boolean'],
  ['title', 'text'],
  ['description', 'text'],
  ['currency', 'text'],
  ['amount', 'bigint'],
  ['sender_currency', 'text'],
  ['sender_amount', 'bigint'],
  ['address_id', 'bigint'],
  ['address', 'text'],
  ['status', 'text'],
  ['end_user_reference', 'text'],
  ['url_success', 'text'],
  ['url_failed', 'text'],
  ['email_user', 'text'],
  ['sender_type', 'text'],
  ['sender_data', 'jsonb'],
  ['fixed_at', 'timestamptz'],
  ['release_at', 'timestamptz'],
  ['expires_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['live', 'boolean'],
] as const satisfies readonly (readonly [keyof NewInvoice, string])[];

/** One column's value as text, the form every engine's driver sends in an array alike. */
const asText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

const selected = INSERT_COLUMNS.map(([, type], i) => (type === 'bytea' ? `decode(c${i}, 'hex')` : `c${i}::${type}`));

/**
 * Inserts invoices with ids from the caller's block, each with its expiry job when it has a deadline,
 * in one autocommitted statement whatever their number (one text, so one prepared statement): each
 * column is one text array, unnested. An invoice whose foreign id the organisation already has (or that
 * an earlier row of the same batch takes) is skipped, not an error, so one duplicate does not fail the
 * others; the ids returned are those written.
 */
const INSERT_SQL = `WITH input AS (
       SELECT * FROM unnest(${INSERT_COLUMNS.map((_, i) => `$${i + 1}::text[]`).join(', ')}, $${INSERT_COLUMNS.length + 1}::bigint[])
         AS u(${INSERT_COLUMNS.map((_, i) => `c${i}`).join(', ')}, id)
     ), invoice AS (
       INSERT INTO invoices (${INSERT_COLUMNS.map(([c]) => c).join(', ')}, id, updated_at) OVERRIDING SYSTEM VALUE
       SELECT ${selected.join(', ')}, id, ${selected[INSERT_COLUMNS.findIndex(([c]) => c === 'created_at')]} FROM input
       ON CONFLICT ON CONSTRAINT invoices_foreign_id_key DO NOTHING
       RETURNING id, organisation_id, expires_at
     ), job AS (
       INSERT INTO invoice_jobs (organisation_id, invoice_id, name, run_at)
       SELECT organisation_id, id, 'invoice.expire', expires_at FROM invoice WHERE expires_at IS NOT NULL
     )
     SELECT id FROM invoice`;

/**
 * Writes new invoices (see INSERT_SQL); answers the ids written. The rows are not read back: the
 * database adds nothing but `error` (null) and `updated_at` (= created_at), see `writtenInvoice`.
 */
export async function insertInvoices(q: Queryable, invoices: readonly { row: NewInvoice; id: bigint }[]): Promise<Set<bigint>> {
  const params: unknown[] = INSERT_COLUMNS.map(([column]) => invoices.map(({ row }) => asText(row[column])));
  params.push(invoices.map(({ id }) => id.toString()));
  const { rows } = await q.query<{ id: bigint }>(INSERT_SQL, params, { prepare: true });
  return new Set(rows.map((r) => r.id));
}

/** The row as stored, from what was written: the database adds only `error` and `updated_at`. */
export const writtenInvoice = (row: NewInvoice, id: bigint): InvoiceRow => ({ ...row, id, error: null, updated_at: row.created_at });

export type InvoiceKey = { foreignId: string } | { id: bigint };

export async function findInvoice(q: Queryable, organisationId: string, key: InvoiceKey, lock = false): Promise<InvoiceRow | null> {
  const [column, value] = 'id' in key ? ['id', key.id] : ['foreign_id', key.foreignId];
  const { rows } = await q.query<InvoiceRow>(
    `SELECT * FROM invoices WHERE organisation_id = $1 AND ${column} = $2${lock ? ' FOR UPDATE' : ''}`,
    [organisationId, value],
    { prepare: true },
  );
  return rows[0] ?? null;
}

/** The hosted page knows the invoice only by its unguessable slug. */
export async function findInvoiceBySlug(q: Queryable, slug: string): Promise<InvoiceRow | null> {
  const { rows } = await q.query<InvoiceRow>('SELECT * FROM invoices WHERE slug_hash = $1', [sha256(slug)]);
  return rows[0] ?? null;
}

export type InvoicePatch = Partial<
  Pick<
    InvoiceRow,
    'status' | 'error' | 'sender_currency' | 'sender_amount' | 'address_id' | 'address' | 'fixed_at' | 'release_at' | 'expires_at'
  >
>;

/** The guarded write: changes the row only while its status is one of `from`; null when it was not. */
export async function updateInvoice(
  q: Queryable,
  organisationId: string,
  key: InvoiceKey,
  from: readonly InvoiceStatus[],
  patch: InvoicePatch,
  now: Date,
): Promise<InvoiceRow | null> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  const [column, value] = 'id' in key ? ['id', key.id] : ['foreign_id', key.foreignId];
  const params: unknown[] = [organisationId, value, [...from], now, ...entries.map(([, v]) => v)];
  const sets = entries.map(([k], i) => `${k} = $${i + 5}`);
  const { rows } = await q.query<InvoiceRow>(
    `UPDATE invoices SET ${[...sets, 'updated_at = $4'].join(', ')}
      WHERE organisation_id = $1 AND ${column} = $2 AND status = ANY($3::text[]) RETURNING *`,
    params,
  );
  return rows[0] ?? null;
}

/** The merchant's cancel under the row lock: fails the invoice if it is still open and drops its timer. */
export async function failOpenInvoice(
  q: Queryable,
  organisationId: string,
  foreignId: string,
  from: readonly InvoiceStatus[],
  error: string,
  now: Date,
): Promise<InvoiceRow | null> {
  const { rows } = await q.query<InvoiceRow>(
    `WITH failed AS (
       UPDATE invoices SET status = 'failed', error = $4, updated_at = $5
        WHERE organisation_id = $1 AND foreign_id = $2 AND status = ANY($3::text[]) RETURNING *
     ), jobs AS (
       -- A scalar subquery (at most one row: the foreign id is unique), so its timer is found by the index
       -- whatever the statistics say of the table's size.
       DELETE FROM invoice_jobs WHERE invoice_id = (SELECT id FROM failed)
     )
     SELECT * FROM failed`,
    [organisationId, foreignId, [...from], error, now],
    { prepare: true },
  );
  return rows[0] ?? null;
}

export async function listInvoices(
  q: Queryable,
  organisationId: string,
  page: { limit: number; offset: number; status?: InvoiceStatus },
): Promise<{ rows: InvoiceRow[]; total: number }> {
  const filter = page.status ? ' AND status = $2' : '';
  const params = page.status ? [organisationId, page.status] : [organisationId];
  const n = params.length;
  const list = await q.query<InvoiceRow>(
    `SELECT * FROM invoices WHERE organisation_id = $1${filter} ORDER BY id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, page.limit, page.offset],
  );
  const count = await q.query<{ total: number }>(`SELECT count(*)::int AS total FROM invoices WHERE organisation_id = $1${filter}`, params);
  return { rows: list.rows, total: count.rows[0]!.total };
}

export async function nextAddressId(q: Queryable): Promise<bigint> {
  const { rows } = await q.query<{ id: bigint }>("SELECT nextval('crypto_address_id_seq') AS id");
  return rows[0]!.id;
}

// Transactions

export async function insertTransaction(q: Queryable, t: Omit<TransactionRow, 'id' | 'confirmed_at'>): Promise<TransactionRow> {
  const { rows } = await q.query<TransactionRow>(
    `INSERT INTO invoice_transactions (organisation_id, invoice_id, currency, amount, fee, address, txid, confirmations, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [t.organisation_id, t.invoice_id, t.currency, t.amount, t.fee, t.address, t.txid, t.confirmations, t.status, t.created_at],
  );
  return rows[0]!;
}

/** Drops a transaction a reorganisation withdrew (its ledger entries, if any, go with it). */
export async function deleteTransaction(q: Queryable, organisationId: string, invoiceId: bigint, txid: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM invoice_transactions WHERE organisation_id = $1 AND invoice_id = $2 AND txid = $3', [
    organisationId,
    invoiceId,
    txid,
  ]);
  return rowCount > 0;
}

export async function listTransactions(q: Queryable, organisationId: string, invoiceId: bigint): Promise<TransactionRow[]> {
  const { rows } = await q.query<TransactionRow>(
    'SELECT * FROM invoice_transactions WHERE organisation_id = $1 AND invoice_id = $2 ORDER BY id',
    [organisationId, invoiceId],
  );
  return rows;
}

/** Raises the confirmation count of the invoice's transactions (one, when txid is given); returns the changed ones. */
export async function raiseConfirmations(
  q: Queryable,
  organisationId: string,
  invoiceId: bigint,
  confirmations: number,
  required: number,
  now: Date,
  txid?: string,
): Promise<TransactionRow[]> {
  const { rows } = await q.query<TransactionRow>(
    `UPDATE invoice_transactions
        SET confirmations = GREATEST(confirmations, $3),
            status = CASE WHEN GREATEST(confirmations, $3) >= $4 THEN 'confirmed' ELSE status END,
            confirmed_at = CASE WHEN confirmed_at IS NULL AND GREATEST(confirmations, $3) >= $4 THEN $5 ELSE confirmed_at END
      WHERE organisation_id = $1 AND invoice_id = $2 AND ($6::text IS NULL OR txid = $6) AND confirmations < $3
      RETURNING *`,
    [organisationId, invoiceId, confirmations, required, now, txid ?? null],
  );
  return rows;
}

export type TransactionKey = { id: bigint } | { txid: string };

export async function findTransaction(q: Queryable, organisationId: string, key: TransactionKey): Promise<TransactionRow | null> {
  const [column, value] = 'id' in key ? ['id', key.id] : ['txid', key.txid];
  const { rows } = await q.query<TransactionRow>(`SELECT * FROM invoice_transactions WHERE organisation_id = $1 AND ${column} = $2`, [
    organisationId,
    value,
  ]);
  return rows[0] ?? null;
}

/** The timer worker locks by id alone: the job row names the invoice, the lock comes first. */
export async function lockInvoiceById(q: Queryable, invoiceId: bigint): Promise<InvoiceRow | null> {
  const { rows } = await q.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1 FOR UPDATE', [invoiceId]);
  return rows[0] ?? null;
}
