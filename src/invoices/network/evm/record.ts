// What the watcher writes, each step one transaction fenced by the cursor (moveCursor: only the
// lease holder, only from where it expects): a block's payments, reported through the one lifecycle
// path; confirmation counts as blocks pile up; and the undoing of blocks a reorganisation dropped.
import type { Queryable } from '../../../db/database.js';
import { systemContext } from '../../../platform/context.js';
import type { Deps } from '../../../platform/deps.js';
import { confirmationsIn, recordLatePaymentIn, recordPaymentIn, withdrawPaymentIn } from '../../lifecycle.js';
import { lockInvoiceById } from '../../repository.js';
import { isFinal } from '../../states.js';
import type { EvmChain } from './chain.js';
import * as repo from './repository.js';
import type { ChainBlock, Transfer } from './scan.js';
import { unitsFromBase } from './units.js';

/** Another replica took the chain over (or moved its cursor): this watcher's run ends. */
export class LeaseLost extends Error {
  constructor(network: string) {
    super(`the ${network} watcher lease was lost`);
  }
}

const ctxFor = (deps: Deps, organisationId: string) => systemContext(deps, organisationId, 'evm watcher');

/** The invoice transaction's txid: the transaction hash, unless a payment of the same transaction already has it. */
async function txidFor(tx: Queryable, t: Transfer): Promise<string> {
  return (await repo.txidTaken(tx, t.txHash)) ? `${t.txHash}:${t.logIndex}` : t.txHash;
}

/** Processes block `block.number` (the cursor's next): its payments are reported and the cursor moves past it. */
export async function recordBlock(deps: Deps, chain: EvmChain, owner: string, block: ChainBlock, transfers: Transfer[]) {
  const network = chain.config.name;
  const required = chain.config.confirmations;
  const now = deps.clock.now();
  let counted = 0;
  await deps.db.transaction(async (tx) => {
    if (!(await repo.moveCursor(tx, network, owner, block.number, block.number + 1n))) throw new LeaseLost(network);
    await repo.insertBlock(tx, network, block);
    const watches = await repo.watchesOf(tx, network, [...new Set(transfers.map((t) => t.to))]);
    for (const t of transfers) {
      const watch = watches.get(t.to);
      const decimals = chain.decimals.get(t.currency);
      // Another coin than the address was given for, or an address the wallet API took (negative id): not an invoice payment.
      if (!watch || watch.currency !== t.currency || watch.invoice_id < 0n || decimals === undefined || t.base <= 0n) continue;
      const invoice = await lockInvoiceById(tx, watch.invoice_id);
      if (!invoice || invoice.organisation_id !== watch.organisation_id) continue;
      const amount = unitsFromBase(t.base, decimals);
      const txid = await txidFor(tx, t);
      const row = await repo.insertPayment(tx, {
        network,
        tx_hash: t.txHash,
        log_index: t.logIndex,
        block_number: block.number,
        block_hash: block.hash,
        address: t.to,
        currency: t.currency,
        base_amount: t.base.toString(),
        amount,
        organisation_id: invoice.organisation_id,
        invoice_id: invoice.id,
        txid,
        confirmations: 1,
      });
      if (!row) continue; // counted already
      const payment = { currency: t.currency, amount, txid, confirmations: 1, required };
      const ctx = ctxFor(deps, invoice.organisation_id);
      if (isFinal(invoice.status)) await recordLatePaymentIn(ctx, tx, invoice, payment, now);
      else await recordPaymentIn(ctx, tx, invoice, payment, now);
      if (required <= 1) await repo.setConfirmations(tx, row.id, 1, true);
      counted += 1;
    }
  });
  return counted;
}

/** Confirmations of the payments not yet final, counted from their block up to `tip` (the newest processed). */
export async function raiseConfirmations(deps: Deps, chain: EvmChain, tip: bigint): Promise<void> {
  const required = chain.config.confirmations;
  const now = deps.clock.now();
  for (const p of await repo.openPayments(deps.db, chain.config.name)) {
    const confirmations = Number(tip - p.block_number + 1n);
    if (confirmations <= p.confirmations) continue;
    await deps.db.transaction(async (tx) => {
      const invoice = await lockInvoiceById(tx, p.invoice_id);
      if (invoice)
        await confirmationsIn(ctxFor(deps, invoice.organisation_id), tx, invoice, { confirmations, txid: p.txid, required }, now);
      await repo.setConfirmations(tx, p.id, confirmations, confirmations >= required);
    });
  }
}

/**
 * Undoes every block after `ancestor`: their payments are withdrawn from their invoices (a payment
 * already final stays — a reorganisation deeper than the configured confirmations is beyond what
 * they promise), their hashes forgotten, and the cursor goes back to scan the new branch.
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
  });
  return withdrawn;
}
