// The cancels of one replica written together, as creates are (create-batch.ts): concurrent cancels
// share one statement, each still with its own answer.
import type { Database } from '../db/database.js';
import { coalescePer } from '../platform/coalesce.js';
import { failUnpaidInvoices, type UnpaidCancel } from './cancel-repository.js';
import { WRITE_BATCH } from './create-batch.js';
import { ALLOWED_FROM } from './states.js';

const fail = coalescePer(
  (db: Database, cancels: readonly UnpaidCancel[]) => failUnpaidInvoices(db, cancels, ALLOWED_FROM.cancel),
  WRITE_BATCH,
);

/** Fails the invoice if it is open and unpaid, with its callback; false when the locked path must decide. */
export const failUnpaidInvoice = (db: Database, cancel: UnpaidCancel): Promise<boolean> => fail(db, cancel);
