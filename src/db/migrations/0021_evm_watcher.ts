// The EVM chain watchers' state, so a watcher survives restarts and replicas share one per chain:
// which derived address belongs to which invoice, the cursor with its lease, the hashes of the blocks
// processed (to notice a reorganisation), and every payment seen (to count it once and to withdraw it
// when its block is dropped).
import type { Migration } from './index.js';

const migration: Migration = {
  version: 21,
  name: 'evm_watcher',
  sql: /* sql */ `
    -- Written when the address is derived, which may be before the invoice row exists (an invoice with
    -- its rate fixed at creation derives first): no foreign key to invoices.
    CREATE TABLE evm_watches (
      network text NOT NULL,
      -- Lower-case 0x hex: logs and transactions are matched on it.
      address text NOT NULL,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      invoice_id bigint NOT NULL,
      currency text NOT NULL,
      address_index bigint NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (network, address)
    );

    -- One row per configured network: the next block to scan, and who may scan it until when.
    CREATE TABLE evm_cursors (
      network text PRIMARY KEY,
      chain_id integer NOT NULL,
      next_block bigint NOT NULL,
      lease_owner text,
      lease_until timestamptz
    );

    -- The blocks processed, newest kept (older ones pruned): a parent hash that no longer matches is a reorganisation.
    CREATE TABLE evm_blocks (
      network text NOT NULL,
      number bigint NOT NULL,
      hash text NOT NULL,
      parent_hash text NOT NULL,
      PRIMARY KEY (network, number)
    );

    -- A payment seen on chain: a native transfer (log_index -1) or an ERC-20 Transfer log. Unique per
    -- transaction and log, so a block scanned twice counts nothing twice; dropped with its block.
    CREATE TABLE evm_payments (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      network text NOT NULL,
      tx_hash text NOT NULL,
      log_index integer NOT NULL,
      block_number bigint NOT NULL,
      block_hash text NOT NULL,
      address text NOT NULL,
      currency text NOT NULL,
      -- Exactly what the chain moved (wei, token base units), and the ledger units reported.
      base_amount numeric NOT NULL,
      amount bigint NOT NULL,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      invoice_id bigint NOT NULL,
      -- The invoice transaction's txid (the tx hash; a second payment in one transaction gets a suffix).
      txid text NOT NULL,
      confirmations integer NOT NULL,
      final boolean NOT NULL DEFAULT false,
      CONSTRAINT evm_payments_once UNIQUE (network, tx_hash, log_index)
    );
    CREATE INDEX evm_payments_open_idx ON evm_payments (network, block_number) WHERE NOT final;
  `,
};

export default migration;
