// SQL for the payments the invoice lifecycle refused (migration 24): recorded with the error and
// their attempts, retried with backoff until they go through; dropped with their block in a reorganisation.
import type { Queryable } from '../../../db/database.js';
import type { NewPayment } from './repository.js';

export type FailureKey = Pick<NewPayment, 'network' | 'tx_hash' | 'log_index'>;
export type NewFailure = Omit<NewPayment, 'amount' | 'txid' | 'confirmations'>;

export interface FailureRow extends NewFailure {
  error: string;
  attempts: number;
  next_attempt_at: Date;
}

/** The wait before the next attempt after `attempts` failed ones: 30 s, doubling, at most 6 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60 * 1000);
}

/** Records a failed attempt (the first, or one more); returns the attempts so far. */
export async function recordFailure(q: Queryable, f: NewFailure, error: string, now: Date): Promise<number> {
  const { rows } = await q.query<{ attempts: number }>(
    `INSERT INTO evm_payment_failures (network, tx_hash, log_index, block_number, block_hash, address, currency, base_amount,
       organisation_id, invoice_id, error, attempts, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13)
     ON CONFLICT (network, tx_hash, log_index) DO UPDATE SET error = EXCLUDED.error, attempts = evm_payment_failures.attempts + 1
     RETURNING attempts`,
    [
      f.network,
      f.tx_hash,
      f.log_index,
      f.block_number,
      f.block_hash,
      f.address,
      f.currency,
      f.base_amount,
      f.organisation_id,
      f.invoice_id,
      error,
      new Date(now.getTime() + retryDelayMs(1)),
      now,
    ],
  );
  const attempts = rows[0]!.attempts;
  if (attempts > 1)
    await q.query('UPDATE evm_payment_failures SET next_attempt_at = $4 WHERE network = $1 AND tx_hash = $2 AND log_index = $3', [
      f.network,
      f.tx_hash,
      f.log_index,
      new Date(now.getTime() + retryDelayMs(attempts)),
    ]);
  return attempts;
}

/** Failures due for another attempt, from blocks up to `tip`, oldest block first. */
export async function dueFailures(q: Queryable, network: string, now: Date, tip: bigint, limit: number): Promise<FailureRow[]> {
  const { rows } = await q.query<FailureRow>(
    `SELECT * FROM evm_payment_failures WHERE network = $1 AND next_attempt_at <= $2 AND block_number <= $3
      ORDER BY block_number, tx_hash, log_index LIMIT $4`,
    [network, now, tip, limit],
  );
  return rows;
}

export async function deleteFailure(q: Queryable, k: FailureKey): Promise<void> {
  await q.query('DELETE FROM evm_payment_failures WHERE network = $1 AND tx_hash = $2 AND log_index = $3', [
    k.network,
    k.tx_hash,
    k.log_index,
  ]);
}

export async function deleteFailuresAfter(q: Queryable, network: string, number: bigint): Promise<void> {
  await q.query('DELETE FROM evm_payment_failures WHERE network = $1 AND block_number > $2', [network, number]);
}
