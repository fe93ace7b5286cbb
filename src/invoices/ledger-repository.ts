// SQL for the merchant ledger: append-only entries per organisation and currency; balances are their sums.
import type { Queryable } from '../db/database.js';

export interface LedgerEntry {
  currency: string;
  amount: bigint;
  kind: 'deposit' | 'fee' | 'exchange';
  invoiceId: bigint;
  transactionId: bigint | null;
}

export async function insertLedgerEntries(q: Queryable, organisationId: string, entries: LedgerEntry[], now: Date): Promise<void> {
  for (const e of entries) {
    // A transaction's deposit and fee are booked once (unique index), however often confirmations arrive.
    await q.query(
      `INSERT INTO ledger_entries (organisation_id, currency, amount, kind, invoice_id, transaction_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [organisationId, e.currency, e.amount, e.kind, e.invoiceId, e.transactionId, now],
    );
  }
}

export async function balances(q: Queryable, organisationId: string): Promise<Map<string, bigint>> {
  const { rows } = await q.query<{ currency: string; balance: bigint }>(
    'SELECT currency, sum(amount)::int8 AS balance FROM ledger_entries WHERE organisation_id = $1 GROUP BY currency',
    [organisationId],
  );
  return new Map(rows.map((r) => [r.currency, r.balance]));
}
