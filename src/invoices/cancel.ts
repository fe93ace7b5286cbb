// The merchant cancels an invoice (it becomes failed). A benchmarked hot path: one autocommitted
// statement, shared by concurrent cancels (cancel-batch.ts), fails an open invoice nothing was paid
// into and writes its callback, built by the database from the row it leaves (cancel-repository.ts).
// Anything else — no such invoice, not open, paid into, changed meanwhile — takes the locked path,
// which answers the error or fails a paid invoice with its transactions in the callback.
import type { Context } from '../platform/context.js';
import { newEventId } from '../platform/outbox.js';
import { invalidInvoiceState, invoiceNotFound } from './errors.js';
import { sendCallback } from './lifecycle.js';
import { failUnpaidInvoice } from './cancel-batch.js';
import * as repo from './repository.js';
import { ALLOWED_FROM, transition, type Outcome } from './states.js';

/** A cancel's outcome is the same from every status it is allowed from. */
const { error } = transition('created', { type: 'cancel' }) as Outcome & { ok: true; error: string };

export async function cancelInvoice(ctx: Context, input: { foreignId: string }): Promise<void> {
  const { deps, organisationId } = ctx;
  const now = deps.clock.now();
  const cancel = { organisationId, foreignId: input.foreignId, error, eventId: newEventId(), now };
  if (!(await failUnpaidInvoice(deps.db, cancel))) await cancelLocked(ctx, input.foreignId, error, now);
}

/** The transactional path: the callback lists the transactions, read once the row is locked. */
async function cancelLocked(ctx: Context, foreignId: string, error: string, now: Date): Promise<void> {
  const { deps, organisationId } = ctx;
  await deps.db.transaction(async (tx) => {
    const failed = await repo.failOpenInvoice(tx, organisationId, foreignId, ALLOWED_FROM.cancel, error, now);
    if (!failed) {
      if (await repo.findInvoice(tx, organisationId, { foreignId })) throw invalidInvoiceState();
      throw invoiceNotFound();
    }
    // Read by a statement of its own: one that committed while the UPDATE waited for the row is seen.
    await sendCallback(tx, failed);
  });
}
