// The creates of one replica written together: while earlier batches are out, concurrent creates queue
// and leave as one statement (repository.ts insertInvoices), one commit for all of them. A lone create
// waits for nothing (platform/coalesce.ts). Each create still gets its own answer: written, or its
// foreign id taken, or the database's refusal of it alone (a refused batch is written again one create
// at a time).
import type { Database } from '../db/database.js';
import { mayBeOneRowsFault } from '../db/errors.js';
import { coalescePer } from '../platform/coalesce.js';
import { type InvoiceRow, insertInvoices, type NewInvoice, writtenInvoice } from './repository.js';

/**
 * Batches as large as the id blocks (id-blocks.ts); at most 4 out at once, so other requests keep
 * connections. The cancels batch alike (cancel-batch.ts).
 */
export const WRITE_BATCH = { maxBatch: 32, maxInFlight: 4, retryAlone: mayBeOneRowsFault };

type Create = { row: NewInvoice; id: bigint };

const write = coalescePer(async (db: Database, creates: readonly Create[]) => {
  const written = await insertInvoices(db, creates);
  return creates.map((c) => (written.has(c.id) ? writtenInvoice(c.row, c.id) : null));
}, WRITE_BATCH);

/** Writes one new invoice with its id from the block; null when the organisation already has its foreign id. */
export const writeInvoice = (db: Database, row: NewInvoice, id: bigint): Promise<InvoiceRow | null> => write(db, { row, id });
