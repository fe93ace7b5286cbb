// Confirmation counts as blocks pile up, and the undoing of blocks a reorganisation dropped, each
// through the one lifecycle path. The counts of all open payments are raised in one transaction; if
// the lifecycle refuses one, each payment gets its own, so the others still confirm.
import type { Queryable } from '../../../db/database.js';
import type { Deps } from '../../../platform/deps.js';
import { confirmationsIn, withdrawPaymentIn } from '../../lifecycle.js';
import { lockInvoiceById } from '../../repository.js';
import type { EvmChain } from './chain.js';
import * as failures from './failures-repository.js';
import { LeaseLost } from './record.js';
import { ctxFor, reasonOf } from './report.js';
import * as repo from './repository.js';

async function confirmAll(deps: Deps, chain: EvmChain, tx: Queryable, payments: repo.PaymentRow[], tip: bigint, now: Date) {
  const required = chain.config.confirmations;
  const invoices = await repo.lockInvoices(tx, [...new Set(payments.map((p) => p.invoice_id))]);
  const updates = [];
  for (const p of payments) {
    const confirmations = Number(tip - p.block_number + 1n);
    const invoice = invoices.get(p.invoice_id);
    if (invoice) {
      const ctx = ctxFor(deps, invoice.organisation_id);
      invoices.set(invoice.id, await confirmationsIn(ctx, tx, invoice, { confirmations, txid: p.txid, required }, now));
    }
    updates.push({ id: p.id, confirmations, final: confirmations >= required });
  }
  await repo.setConfirmationsMany(tx, updates);
}

/** Confirmations of the payments not yet final, counted from their block up to `tip` (the newest processed). */
export async function raiseConfirmations(deps: Deps, chain: EvmChain, tip: bigint, onError?: (error: unknown) => void): Promise<void> {
  const now = deps.clock.now();
  const open = (await repo.openPayments(deps.db, chain.config.name)).filter((p) => Number(tip - p.block_number + 1n) > p.confirmations);
  if (open.length === 0) return;
  try {
    await deps.db.transaction((tx) => confirmAll(deps, chain, tx, open, tip, now));
  } catch {
    for (const p of open)
      await deps.db
        .transaction((tx) => confirmAll(deps, chain, tx, [p], tip, now))
        .catch((error: unknown) => {
          onError?.(new Error(`confirming the ${chain.config.name} payment ${p.tx_hash}:${p.log_index} failed: ${reasonOf(error)}`));
        });
  }
}

/**
 * Undoes every block after `ancestor`: their payments are withdrawn from their invoices (a payment
 * already final stays — a reorganisation deeper than the configured confirmations is beyond what
 * they promise), their hashes and refused payments forgotten, and the cursor goes back to scan the new branch.
 */
export async function rollBack(deps: Deps, chain: EvmChain, owner: string, from: bigint, ancestor: bigint): Promise<number> {
  const network = chain.config.name;
  const now = deps.clock.now();
  let withdrawn = 0;
  await deps.db.transaction(async (tx) => {
    if (!(await repo.moveCursor(tx, network, owner, from, ancestor + 1n))) throw new LeaseLost(network);
    for (const p of await repo.paymentsAfter(tx, network, ancestor)) {
      if (p.final) continue;
      const invoice = await lockInvoiceById(tx, p.invoice_id);
      if (invoice) await withdrawPaymentIn(ctxFor(deps, invoice.organisation_id), tx, invoice, p.txid, now);
      await repo.deletePayment(tx, p.id);
      withdrawn += 1;
    }
    await repo.deleteBlocksAfter(tx, network, ancestor);
    await failures.deleteFailuresAfter(tx, network, ancestor);
  });
  return withdrawn;
}
