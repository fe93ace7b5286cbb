// The merchant cancels an invoice (it becomes failed). A benchmarked hot path: two round trips and no
// explicit transaction when nothing was paid — read the invoice and its row version, then one
// statement that fails it, drops its timer and writes the callback, only if the row is unchanged (a
// racing confirmation or expiry changes it: read again). Concurrent cancels share both statements
// (cancel-batch.ts). A paid invoice takes the locked path.
import type { Context } from '../platform/context.js';
import { MERCHANT_CALLBACK_TOPIC } from '../platform/events.js';
import { outboxValues } from '../platform/outbox.js';
import { invalidInvoiceState, invoiceNotFound } from './errors.js';
import { invoiceOrderingKey, sendCallback } from './lifecycle.js';
import { failUnpaidInvoice, readInvoiceVersion } from './cancel-batch.js';
import * as repo from './repository.js';
import { type CallbackInvoice, callbackBody } from './serialize.js';
import { ALLOWED_FROM, transition, type Outcome } from './states.js';

/** Optimistic attempts before the locked path: each lost one means another writer changed the row. */
const ATTEMPTS = 3;

export async function cancelInvoice(ctx: Context, input: { foreignId: string }): Promise<void> {
  const { deps, organisationId } = ctx;
  const now = deps.clock.now();
  const outcome = transition('created', { type: 'cancel' }) as Outcome & { ok: true };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await readInvoiceVersion(deps.db, { organisationId, foreignId: input.foreignId });
    if (!current) throw invoiceNotFound();
    if (!ALLOWED_FROM.cancel.includes(current.status)) throw invalidInvoiceState();
    if (current.has_transactions) break;
    const { row_version, has_transactions, ...row } = current;
    // The callback shows the row as the statement leaves it: failed, with this error.
    const failed: CallbackInvoice = { ...row, status: 'failed', error: outcome.error };
    const event = outboxValues({
      organisationId,
      topic: MERCHANT_CALLBACK_TOPIC,
      payload: callbackBody(failed, []),
      orderingKey: invoiceOrderingKey(row.id),
    });
    if (await failUnpaidInvoice(deps.db, { invoice: current, error: outcome.error!, now, outbox: event })) return;
  }
  await cancelLocked(ctx, input.foreignId, outcome.error!, now);
}

/** The transactional path: a paid invoice's callback lists its transactions, read under the row lock. */
async function cancelLocked(ctx: Context, foreignId: string, error: string, now: Date): Promise<void> {
  const { deps, organisationId } = ctx;
  await deps.db.transaction(async (tx) => {
    const failed = await repo.failOpenInvoice(tx, organisationId, foreignId, ALLOWED_FROM.cancel, error, now);
    if (!failed) {
      if (await repo.findInvoice(tx, organisationId, { foreignId })) throw invalidInvoiceState();
      throw invoiceNotFound();
    }
    const { has_transactions: paid, ...invoice } = failed;
    await sendCallback(tx, invoice, paid ? undefined : []);
  });
}
