// What the watcher writes for one block, in one transaction fenced by the cursor (moveCursor: only
// the lease holder, only from where it expects): the block's payments, matched to their invoices with
// a few statements for the whole block (watches, invoice locks, txids, payment rows), each then
// reported through the one lifecycle path. When the lifecycle refuses one payment, the block is
// written again with each payment in a savepoint: the refused one is recorded as a failure (retried
// later, retry.ts), the others count, and the cursor moves on.
import type { Queryable } from '../../../db/database.js';
import type { Deps } from '../../../platform/deps.js';
import type { EvmChain } from './chain.js';
import * as failures from './failures-repository.js';
import { PaymentRefused, reasonOf, reportPayment, txidFor } from './report.js';
import * as repo from './repository.js';
import type { ChainBlock, Transfer } from './scan.js';
import { unitsFromBase } from './units.js';

/** Another replica took the chain over (or moved its cursor): this watcher's run ends. */
export class LeaseLost extends Error {
  constructor(network: string) {
    super(`the ${network} watcher lease was lost`);
  }
}

const keyOf = (p: { tx_hash: string; log_index: number }) => `${p.tx_hash}:${p.log_index}`;

/** The block's transfers that pay an invoice: to its watched address, in its currency, on an invoice that exists. */
async function paymentsOf(tx: Queryable, chain: EvmChain, block: ChainBlock, transfers: Transfer[]) {
  const network = chain.config.name;
  const watches = await repo.watchesOf(tx, network, [...new Set(transfers.map((t) => t.to))]);
  const matched = transfers.flatMap((t) => {
    const watch = watches.get(t.to);
    const decimals = chain.decimals.get(t.currency);
    // Another coin than the address was given for, or an address the wallet API took (negative id): not an invoice payment.
    if (!watch || watch.currency !== t.currency || watch.invoice_id < 0n || decimals === undefined || t.base <= 0n) return [];
    return [{ t, watch, decimals }];
  });
  const invoices = await repo.lockInvoices(tx, [...new Set(matched.map((m) => m.watch.invoice_id))]);
  const taken = await repo.takenTxids(tx, network, [...new Set(matched.map((m) => m.t.txHash))]);
  const rows: repo.NewPayment[] = matched
    .filter((m) => invoices.get(m.watch.invoice_id)?.organisation_id === m.watch.organisation_id)
    .map(({ t, watch, decimals }) => ({
      network,
      tx_hash: t.txHash,
      log_index: t.logIndex,
      block_number: block.number,
      block_hash: block.hash,
      address: t.to,
      currency: t.currency,
      base_amount: t.base.toString(),
      amount: unitsFromBase(t.base, decimals),
      organisation_id: watch.organisation_id,
      invoice_id: watch.invoice_id,
      txid: txidFor(taken, t.txHash, t.logIndex),
      confirmations: 1,
    }));
  // The rows come back in no particular order: report them in the block's.
  const inserted = new Map((await repo.insertPayments(tx, rows)).map((p) => [keyOf(p), p]));
  return { invoices, payments: rows.flatMap((r) => inserted.get(keyOf(r)) ?? []) };
}

/**
 * Processes block `block.number` (the cursor's next): its payments are reported and the cursor moves
 * past it. Returns the payments counted and those refused (recorded for a retry).
 */
export async function recordBlock(deps: Deps, chain: EvmChain, owner: string, block: ChainBlock, transfers: Transfer[]) {
  const network = chain.config.name;
  const now = deps.clock.now();
  const write = (isolate: boolean) =>
    deps.db.transaction(async (tx) => {
      if (!(await repo.moveCursor(tx, network, owner, block.number, block.number + 1n))) throw new LeaseLost(network);
      await repo.insertBlock(tx, network, block);
      if (transfers.length === 0) return { counted: 0, refused: [] as PaymentRefused[] };
      const { invoices, payments } = await paymentsOf(tx, chain, block, transfers);
      const refused: PaymentRefused[] = [];
      for (const p of payments) {
        if (!isolate) {
          await reportPayment(deps, chain, tx, invoices, p, now);
          continue;
        }
        await tx.query('SAVEPOINT evm_payment');
        try {
          await reportPayment(deps, chain, tx, invoices, p, now);
          await tx.query('RELEASE SAVEPOINT evm_payment');
        } catch (error) {
          await tx.query('ROLLBACK TO SAVEPOINT evm_payment');
          await tx.query('RELEASE SAVEPOINT evm_payment');
          await repo.deletePayment(tx, p.id);
          const attempts = await failures.recordFailure(tx, p, reasonOf(error), now);
          refused.push(new PaymentRefused(network, p.tx_hash, p.log_index, String(p.invoice_id), attempts, reasonOf(error)));
        }
      }
      return { counted: payments.length - refused.length, refused };
    });
  try {
    return await write(false);
  } catch (error) {
    if (error instanceof LeaseLost) throw error;
    // Most likely one payment the lifecycle refuses: isolate it (a fault of the database fails again and is thrown).
    return write(true);
  }
}
