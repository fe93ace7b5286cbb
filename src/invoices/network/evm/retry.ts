// Another attempt at the payments the lifecycle refused (record.ts), once their backoff has passed:
// each in its own transaction, counted once (the payment row's unique key), its failure row dropped
// when it goes through or its attempts raised when it does not.
import type { Deps } from '../../../platform/deps.js';
import type { EvmChain } from './chain.js';
import * as failures from './failures-repository.js';
import { PaymentRefused, reasonOf, reportPayment, txidFor } from './report.js';
import * as repo from './repository.js';
import { unitsFromBase } from './units.js';

/** At most this many attempts per run, so a pile of refused payments does not hold up the chain. */
const RETRIES_PER_RUN = 20;

/** Retries the due failures of blocks up to `tip`; returns the payments that went through. */
export async function retryFailures(deps: Deps, chain: EvmChain, tip: bigint, onError?: (error: unknown) => void): Promise<number> {
  const network = chain.config.name;
  const now = deps.clock.now();
  let counted = 0;
  for (const f of await failures.dueFailures(deps.db, network, now, tip, RETRIES_PER_RUN)) {
    const decimals = chain.decimals.get(f.currency);
    try {
      const went = await deps.db.transaction(async (tx) => {
        await failures.deleteFailure(tx, f);
        if (decimals === undefined) throw new Error(`the decimals of ${f.currency} are not known`);
        const invoices = await repo.lockInvoices(tx, [f.invoice_id]);
        const taken = await repo.takenTxids(tx, network, [f.tx_hash]);
        const [row] = await repo.insertPayments(tx, [
          { ...f, amount: unitsFromBase(BigInt(f.base_amount), decimals), txid: txidFor(taken, f.tx_hash, f.log_index), confirmations: 1 },
        ]);
        if (row) await reportPayment(deps, chain, tx, invoices, row, now);
        return row !== undefined;
      });
      if (went) counted += 1;
    } catch (error) {
      const attempts = await failures.recordFailure(deps.db, f, reasonOf(error), now);
      onError?.(new PaymentRefused(network, f.tx_hash, f.log_index, String(f.invoice_id), attempts, reasonOf(error)));
    }
  }
  return counted;
}
