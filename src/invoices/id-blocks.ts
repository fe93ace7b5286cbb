// Invoice and address ids reserved in blocks, so that a create is one round trip (the insert) instead
// of two. Ids are handed out in order on one replica; across replicas (several servers on one
// database) each hands out its own block, so ids are unique but their order is only roughly the
// creation order, and ids a stopped server had reserved are skipped (sequences have gaps anyway).
import type { Database } from '../db/database.js';

const BLOCK = 32;

interface Block {
  ids: { id: bigint; addressId: bigint }[];
  refill: Promise<void> | null;
}

/** One block per database handle (one per app). */
const blocks = new WeakMap<Database, Block>();

async function refill(db: Database, block: Block): Promise<void> {
  const { rows } = await db.query<{ id: bigint; address_id: bigint }>(
    `SELECT nextval(pg_get_serial_sequence('invoices', 'id')) AS id, nextval('crypto_address_id_seq') AS address_id
       FROM generate_series(1, $1::int)`,
    [BLOCK],
    { prepare: true },
  );
  const ids = rows.map((r) => ({ id: r.id, addressId: r.address_id })).sort((a, b) => (a.id < b.id ? -1 : 1));
  block.ids.push(...ids);
}

/** The next invoice id and a deposit-address id for it (used when the rate is fixed at creation). */
export async function nextInvoiceIds(db: Database): Promise<{ id: bigint; addressId: bigint }> {
  let block = blocks.get(db);
  if (!block) {
    block = { ids: [], refill: null };
    blocks.set(db, block);
  }
  for (;;) {
    const next = block.ids.shift();
    if (next) return next;
    const b = block;
    b.refill ??= refill(db, b).finally(() => {
      b.refill = null;
    });
    await b.refill;
  }
}
