// SQL for the wallet's transactions (deposits to permanent addresses, withdrawals, exchanges) and
// their ledger entries. Every query is scoped by organisation.
import type { Queryable } from '../../db/database.js';

export type WalletKind = 'deposit' | 'withdrawal' | 'exchange';

export interface WalletTransactionRow {
  id: bigint;
  organisation_id: string;
  kind: WalletKind;
  type: string;
  foreign_id: string;
  end_user_reference: string | null;
  status: string;
  address_id: bigint | null;
  address: string | null;
  tag: string | null;
  txid: string | null;
  confirmations: number;
  sender_currency: string;
  sender_amount: bigint;
  receiver_currency: string;
  receiver_amount: bigint;
  fee_amount: bigint;
  price: bigint | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

export type NewWalletTransaction = Omit<WalletTransactionRow, 'id' | 'organisation_id' | 'created_at' | 'updated_at' | 'error'>;

const COLUMNS = [
  'kind',
  'type',
  'foreign_id',
  'end_user_reference',
  'status',
  'address_id',
  'address',
  'tag',
  'txid',
  'confirmations',
  'sender_currency',
  'sender_amount',
  'receiver_currency',
  'receiver_amount',
  'fee_amount',
  'price',
] as const;

export async function insertWalletTransaction(
  q: Queryable,
  organisationId: string,
  t: NewWalletTransaction,
  now: Date,
): Promise<WalletTransactionRow> {
  const values = COLUMNS.map((c) => t[c]);
  const placeholders = COLUMNS.map((_, i) => `$${i + 2}`).join(', ');
  const { rows } = await q.query<WalletTransactionRow>(
    `INSERT INTO wallet_transactions (organisation_id, ${COLUMNS.join(', ')}, created_at, updated_at)
     VALUES ($1, ${placeholders}, $${COLUMNS.length + 2}, $${COLUMNS.length + 2}) RETURNING *`,
    [organisationId, ...values, now],
  );
  return rows[0]!;
}

/** A withdrawal or exchange by the merchant's foreign_id. */
export async function findByForeignId(
  q: Queryable,
  organisationId: string,
  kind: Exclude<WalletKind, 'deposit'>,
  foreignId: string,
  lock = false,
): Promise<WalletTransactionRow | null> {
  const { rows } = await q.query<WalletTransactionRow>(
    `SELECT * FROM wallet_transactions WHERE organisation_id = $1 AND kind = $2 AND foreign_id = $3${lock ? ' FOR UPDATE' : ''}`,
    [organisationId, kind, foreignId],
  );
  return rows[0] ?? null;
}

/** What transactions/info looks up: any wallet transaction by id, a withdrawal or exchange by foreign_id, a deposit or withdrawal by txid. */
export async function findWalletTransaction(
  q: Queryable,
  organisationId: string,
  key: { id: bigint } | { foreignId: string } | { txid: string },
): Promise<WalletTransactionRow | null> {
  const [where, value] =
    'id' in key
      ? ['id = $2', key.id]
      : 'foreignId' in key
        ? ["foreign_id = $2 AND kind <> 'deposit' ORDER BY kind DESC", key.foreignId]
        : ['txid = $2 ORDER BY id', key.txid];
  const { rows } = await q.query<WalletTransactionRow>(
    `SELECT * FROM wallet_transactions WHERE organisation_id = $1 AND ${where} LIMIT 1`,
    [organisationId, value],
  );
  return rows[0] ?? null;
}

/** A deposit by its txid, locked (confirmations arrive concurrently). */
export async function lockDepositByTxid(q: Queryable, organisationId: string, txid: string): Promise<WalletTransactionRow | null> {
  const { rows } = await q.query<WalletTransactionRow>(
    "SELECT * FROM wallet_transactions WHERE organisation_id = $1 AND kind = 'deposit' AND txid = $2 FOR UPDATE",
    [organisationId, txid],
  );
  return rows[0] ?? null;
}

export async function updateWalletTransaction(
  q: Queryable,
  organisationId: string,
  id: bigint,
  change: { status: string; confirmations?: number; txid?: string | null; error?: string | null },
  now: Date,
): Promise<WalletTransactionRow> {
  const { rows } = await q.query<WalletTransactionRow>(
    `UPDATE wallet_transactions SET status = $3, confirmations = coalesce($4, confirmations), txid = coalesce($5, txid),
       error = coalesce($6, error), updated_at = $7
     WHERE organisation_id = $1 AND id = $2 RETURNING *`,
    [organisationId, id, change.status, change.confirmations ?? null, change.txid ?? null, change.error ?? null, now],
  );
  return rows[0]!;
}

export interface WalletEntry {
  currency: string;
  amount: bigint;
  kind: 'deposit' | 'fee' | 'exchange' | 'withdrawal' | 'withdrawal_refund';
}

export async function book(q: Queryable, organisationId: string, transactionId: bigint, entries: WalletEntry[], now: Date): Promise<void> {
  for (const e of entries) {
    if (e.amount === 0n) continue;
    await q.query(
      `INSERT INTO ledger_entries (organisation_id, currency, amount, kind, wallet_transaction_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [organisationId, e.currency, e.amount, e.kind, transactionId, now],
    );
  }
}

/**
 * Serializes debits of one balance: a transaction-scoped advisory lock per organisation and currency,
 * taken before the balance is read, so two withdrawals racing for the last funds cannot both pass.
 */
export async function lockBalance(q: Queryable, organisationId: string, currency: string): Promise<bigint> {
  await q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`balance:${organisationId}:${currency}`]);
  const { rows } = await q.query<{ balance: bigint }>(
    'SELECT coalesce(sum(amount), 0)::int8 AS balance FROM ledger_entries WHERE organisation_id = $1 AND currency = $2',
    [organisationId, currency],
  );
  return rows[0]!.balance;
}

/** True for PostgreSQL's unique violation (a racing request took the same foreign_id or txid). */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';
