// The cancels of one replica read and written together, as creates are (create-batch.ts): concurrent
// cancels share the statement that reads their invoices and the one that fails them, each still with
// its own answer.
import type { Database } from '../db/database.js';
import { coalescePer } from '../platform/coalesce.js';
import {
  failUnpaidInvoicesAt,
  findInvoiceVersions,
  type InvoiceName,
  type UnpaidFailure,
  type VersionedInvoice,
} from './cancel-repository.js';
import { WRITE_BATCH } from './create-batch.js';

const read = coalescePer(findInvoiceVersions, WRITE_BATCH);
const fail = coalescePer(failUnpaidInvoicesAt, WRITE_BATCH);

/** The invoice with its row version; null when the organisation has no invoice of that foreign id. */
export const readInvoiceVersion = (db: Database, name: InvoiceName): Promise<VersionedInvoice | null> => read(db, name);

/** Fails the invoice if its row is still the version read; false when it changed meanwhile (read again). */
export const failUnpaidInvoice = (db: Database, failure: UnpaidFailure): Promise<boolean> => fail(db, failure);
