// A merchant is served by the sandbox (the default) or a live network. A live EVM merchant keeps an
// account-level xpub; deposit address i is xpub/0/i with i from the counter, never reused. An invoice
// keeps the mode it was created in, so switching a merchant's mode never moves an open invoice.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 20,
  name: 'live_merchants',
  sql: `
    ALTER TABLE organisations ADD COLUMN merchant_mode text NOT NULL DEFAULT 'sandbox'
      CHECK (merchant_mode IN ('sandbox', 'live'));
    ALTER TABLE organisations ADD COLUMN evm_xpub text;
    ALTER TABLE organisations ADD COLUMN evm_next_address_index bigint NOT NULL DEFAULT 0;
    ALTER TABLE invoices ADD COLUMN live boolean NOT NULL DEFAULT false;
  `,
};

export default migration;
