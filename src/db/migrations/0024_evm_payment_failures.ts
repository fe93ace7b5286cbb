// A payment the watcher saw but the invoice lifecycle refused (a row it cannot accept, a bug): kept
// here with the error and its attempts, retried with backoff, so one bad payment neither stalls the
// chain's cursor nor is lost. Also an index for pruning watches of invoices long final.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 24,
  name: 'evm_payment_failures',
  sql: /* sql */ `
    CREATE TABLE evm_payment_failures (
      network text NOT NULL,
      tx_hash text NOT NULL,
      log_index integer NOT NULL,
      block_number bigint NOT NULL,
      block_hash text NOT NULL,
      address text NOT NULL,
      currency text NOT NULL,
      base_amount numeric NOT NULL,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      invoice_id bigint NOT NULL,
      -- The lifecycle's error message (never the invoice's data).
      error text NOT NULL,
      attempts integer NOT NULL,
      next_attempt_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (network, tx_hash, log_index)
    );
    CREATE INDEX evm_payment_failures_due_idx ON evm_payment_failures (network, next_attempt_at);
    CREATE INDEX evm_watches_invoice_idx ON evm_watches (invoice_id);
  `,
};

export default migration;
