// SQL for the EVM watchers (migration 21): watched addresses, the cursor and its lease, processed
// blocks and the payments seen. A network name is the EVM_NETWORKS entry's name.
import type { Queryable } from '../../../db/database.js';
import type { InvoiceRow } from '../../repository.js';

export interface WatchRow {
  address: string;
  organisation_id: string;
  invoice_id: bigint;
  currency: string;
}

export interface PaymentRow {
  id: bigint;
  network: string;
  tx_hash: string;
  log_index: number;
  block_number: bigint;
  block_hash: string;
  address: string;
  currency: string;
  base_amount: string;
  amount: bigint;
  organisation_id: string;
  invoice_id: bigint;
  txid: string;
  confirmations: number;
  final: boolean;
}

export type NewPayment = Omit<PaymentRow, 'id' | 'final'>;

/** Takes the merchant's next address index (never reused) with the xpub it derives from; null without an xpub. */
export async function takeAddressIndex(q: Queryable, organisationId: string): Promise<{ index: bigint; xpub: string } | null> {
  const { rows } = await q.query<{ index: bigint; xpub: string }>(
    `UPDATE organisations SET evm_next_address_index = evm_next_address_index + 1
      WHERE id = $1 AND evm_xpub IS NOT NULL RETURNING evm_next_address_index - 1 AS index, evm_xpub AS xpub`,
    [organisationId],
  );
  return rows[0] ?? null;
}

export async function insertWatch(q: Queryable, network: string, w: WatchRow & { index: bigint }, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO evm_watches (network, address, organisation_id, invoice_id, currency, address_index, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [network, w.address.toLowerCase(), w.organisation_id, w.invoice_id, w.currency, w.index, now],
  );
}

/** Every watched address of the network (lower-case). */
export async function watchedAddresses(q: Queryable, network: string): Promise<Set<string>> {
  const { rows } = await q.query<{ address: string }>('SELECT address FROM evm_watches WHERE network = $1', [network]);
  return new Set(rows.map((r) => r.address));
}

export async function watchesOf(q: Queryable, network: string, addresses: string[]): Promise<Map<string, WatchRow>> {
  if (addresses.length === 0) return new Map();
  const { rows } = await q.query<WatchRow>(
    'SELECT address, organisation_id, invoice_id, currency FROM evm_watches WHERE network = $1 AND address = ANY($2::text[])',
    [network, addresses],
  );
  return new Map(rows.map((r) => [r.address, r]));
}

// Cursor and lease

export async function ensureCursor(q: Queryable, network: string, chainId: number, start: bigint): Promise<void> {
  await q.query('INSERT INTO evm_cursors (network, chain_id, next_block) VALUES ($1, $2, $3) ON CONFLICT (network) DO NOTHING', [
    network,
    chainId,
    start,
  ]);
}

/**
 * Takes or renews the network's lease for `owner` (free, expired or already its own); the next block
 * to scan when held, null when another replica holds it. Database time, so replicas' clocks do not matter.
 */
export async function holdLease(
  q: Queryable,
  network: string,
  owner: string,
  ttlMs: number,
): Promise<{ next: bigint; chainId: number } | null> {
  const { rows } = await q.query<{ next_block: bigint; chain_id: number }>(
    `UPDATE evm_cursors SET lease_owner = $2, lease_until = clock_timestamp() + make_interval(secs => $3::float8 / 1000)
      WHERE network = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < clock_timestamp())
      RETURNING next_block, chain_id`,
    [network, owner, ttlMs],
  );
  return rows[0] ? { next: rows[0].next_block, chainId: rows[0].chain_id } : null;
}

export async function releaseLease(q: Queryable, network: string, owner: string): Promise<void> {
  await q.query('UPDATE evm_cursors SET lease_owner = NULL, lease_until = NULL WHERE network = $1 AND lease_owner = $2', [network, owner]);
}

/** Moves the cursor from `from` to `to` only while `owner` holds the lease and nobody moved it: the fence against a second watcher. */
export async function moveCursor(q: Queryable, network: string, owner: string, from: bigint, to: bigint): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE evm_cursors SET next_block = $4 WHERE network = $1 AND lease_owner = $2 AND next_block = $3', [
    network,
    owner,
    from,
    to,
  ]);
  return rowCount === 1;
}

// Blocks

export async function insertBlock(q: Queryable, network: string, b: { number: bigint; hash: string; parentHash: string }) {
  await q.query('INSERT INTO evm_blocks (network, number, hash, parent_hash) VALUES ($1, $2, $3, $4)', [
    network,
    b.number,
    b.hash,
    b.parentHash,
  ]);
}

/** The processed blocks, newest first. */
export async function recentBlocks(q: Queryable, network: string, limit: number) {
  const { rows } = await q.query<{ number: bigint; hash: string }>(
    'SELECT number, hash FROM evm_blocks WHERE network = $1 ORDER BY number DESC LIMIT $2',
    [network, limit],
  );
  return rows;
}

export async function blockHash(q: Queryable, network: string, number: bigint): Promise<string | null> {
  const { rows } = await q.query<{ hash: string }>('SELECT hash FROM evm_blocks WHERE network = $1 AND number = $2', [network, number]);
  return rows[0]?.hash ?? null;
}

export async function deleteBlocksAfter(q: Queryable, network: string, number: bigint): Promise<void> {
  await q.query('DELETE FROM evm_blocks WHERE network = $1 AND number > $2', [network, number]);
}

export async function pruneBlocks(q: Queryable, network: string, below: bigint): Promise<void> {
  await q.query('DELETE FROM evm_blocks WHERE network = $1 AND number < $2', [network, below]);
}

// Payments

/** The new row, or null when this transfer was already counted. */
export async function insertPayment(q: Queryable, p: NewPayment): Promise<PaymentRow | null> {
  const { rows } = await q.query<PaymentRow>(
    `INSERT INTO evm_payments (network, tx_hash, log_index, block_number, block_hash, address, currency, base_amount, amount,
       organisation_id, invoice_id, txid, confirmations)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING *`,
    [
      p.network,
      p.tx_hash,
      p.log_index,
      p.block_number,
      p.block_hash,
      p.address,
      p.currency,
      p.base_amount,
      p.amount,
      p.organisation_id,
      p.invoice_id,
      p.txid,
      p.confirmations,
    ],
  );
  return rows[0] ?? null;
}

/** Payments not yet final, oldest block first. */
export async function openPayments(q: Queryable, network: string): Promise<PaymentRow[]> {
  const { rows } = await q.query<PaymentRow>('SELECT * FROM evm_payments WHERE network = $1 AND NOT final ORDER BY block_number, id', [
    network,
  ]);
  return rows;
}

export async function paymentsAfter(q: Queryable, network: string, number: bigint): Promise<PaymentRow[]> {
  const { rows } = await q.query<PaymentRow>('SELECT * FROM evm_payments WHERE network = $1 AND block_number > $2 ORDER BY id', [
    network,
    number,
  ]);
  return rows;
}

export async function deletePayment(q: Queryable, id: bigint): Promise<void> {
  await q.query('DELETE FROM evm_payments WHERE id = $1', [id]);
}

export async function setConfirmations(q: Queryable, id: bigint, confirmations: number, final: boolean): Promise<void> {
  await q.query('UPDATE evm_payments SET confirmations = $2, final = $3 WHERE id = $1', [id, confirmations, final]);
}

/** The txids already given to payments of these transactions (an index scan: by network and hash). */
export async function takenTxids(q: Queryable, network: string, txHashes: string[]): Promise<Set<string>> {
  if (txHashes.length === 0) return new Set();
  const { rows } = await q.query<{ txid: string }>('SELECT txid FROM evm_payments WHERE network = $1 AND tx_hash = ANY($2::text[])', [
    network,
    txHashes,
  ]);
  return new Set(rows.map((r) => r.txid));
}

/** Several payments in one statement; the new rows (those already counted are skipped), in no particular order. */
export async function insertPayments(q: Queryable, ps: NewPayment[]): Promise<PaymentRow[]> {
  if (ps.length === 0) return [];
  const col = <K extends keyof NewPayment>(k: K) => ps.map((p) => String(p[k]));
  const { rows } = await q.query<PaymentRow>(
    `INSERT INTO evm_payments (network, tx_hash, log_index, block_number, block_hash, address, currency, base_amount, amount,
       organisation_id, invoice_id, txid, confirmations)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::numeric[],
       $9::bigint[], $10::uuid[], $11::bigint[], $12::text[], $13::int[])
     ON CONFLICT DO NOTHING RETURNING *`,
    [
      col('network'),
      col('tx_hash'),
      col('log_index'),
      col('block_number'),
      col('block_hash'),
      col('address'),
      col('currency'),
      col('base_amount'),
      col('amount'),
      col('organisation_id'),
      col('invoice_id'),
      col('txid'),
      col('confirmations'),
    ],
  );
  return rows;
}

/** New confirmation counts for several payments in one statement. */
export async function setConfirmationsMany(q: Queryable, updates: Array<{ id: bigint; confirmations: number; final: boolean }>) {
  if (updates.length === 0) return;
  await q.query(
    `UPDATE evm_payments p SET confirmations = u.confirmations, final = u.final
       FROM unnest($1::bigint[], $2::int[], $3::boolean[]) AS u (id, confirmations, final) WHERE p.id = u.id`,
    [updates.map((u) => String(u.id)), updates.map((u) => u.confirmations), updates.map((u) => u.final)],
  );
}

/** The invoices, locked, in id order (so two lockers never wait on each other crosswise). */
export async function lockInvoices(q: Queryable, ids: bigint[]): Promise<Map<bigint, InvoiceRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await q.query<InvoiceRow>('SELECT * FROM invoices WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [
    ids.map(String),
  ]);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Stops watching the addresses of invoices final (confirmed or failed: paid, expired, cancelled) since
 * before `finalBefore`; a wallet API address (negative invoice id) is watched for good.
 */
export async function pruneWatches(q: Queryable, network: string, finalBefore: Date): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM evm_watches w USING invoices i
      WHERE w.network = $1 AND w.invoice_id > 0 AND i.id = w.invoice_id AND i.organisation_id = w.organisation_id
        AND i.status IN ('confirmed', 'failed') AND i.updated_at < $2`,
    [network, finalBefore],
  );
  return rowCount;
}
