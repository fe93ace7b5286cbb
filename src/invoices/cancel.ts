// The merchant cancels an invoice (it becomes failed). A benchmarked hot path: one guarded statement,
// so a racing confirmation or expiry leaves exactly one outcome, and no transaction read when nothing
// was paid.
import type { Context } from '../platform/context.js';
import { invalidInvoiceState, invoiceNotFound } from './errors.js';
import { sendCallback } from './lifecycle.js';
import * as repo from './repository.js';
import { ALLOWED_FROM, transition, type Outcome } from './states.js';

export async function cancelInvoice(ctx: Context, input: { foreignId: string }): Promise<void> {
  const { deps, organisationId } = ctx;
  const now = deps.clock.now();
  const outcome = transition('created', { type: 'cancel' }) as Outcome & { ok: true };
  await deps.db.transaction(async (tx) => {
    const failed = await repo.failOpenInvoice(tx, organisationId, input.foreignId, ALLOWED_FROM.cancel, outcome.error!, now);
    if (!failed) {
      if (await repo.findInvoice(tx, organisationId, { foreignId: input.foreignId })) throw invalidInvoiceState();
      throw invoiceNotFound();
    }
    const { has_transactions: paid, ...invoice } = failed;
    await sendCallback(tx, invoice, paid ? undefined : []);
  });
}
