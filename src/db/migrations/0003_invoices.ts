import type { Migration } from './index.js';

// Merchant API: invoices, their blockchain transactions, the merchant ledger and durable timers.
// Money is bigint in 1e-8 units of the row's currency (8 decimals for every currency, crypto and fiat),
// so sums and comparisons are exact integer arithmetic on both engines.
export default {
  version: 3,
  name: 'invoices',
  sql: /* sql */ `
    CREATE SEQUENCE crypto_address_id_seq;

    CREATE TABLE invoices (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      foreign_id text NOT NULL,
      -- The hosted page's link token: SHA-256 for lookup, AES-256-GCM (SECRET_KEY) so reads can show the url.
      slug_hash bytea NOT NULL UNIQUE,
      slug_encrypted text NOT NULL,
      type text NOT NULL,
      timer boolean NOT NULL,
      title text NOT NULL,
      description text,
      currency text NOT NULL,
      amount bigint NOT NULL,
      sender_currency text,
      sender_amount bigint,
      address_id bigint,
      address text,
      status text NOT NULL,
      error text,
      end_user_reference text,
      url_success text NOT NULL,
      url_failed text NOT NULL,
      email_user text,
      sender_type text,
      sender_data jsonb,
      fixed_at timestamptz,
      release_at timestamptz,
      expires_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      -- The vendor's "foreign id has already been taken" is this index, so concurrent creates cannot both win.
      CONSTRAINT invoices_foreign_id_key UNIQUE (organisation_id, foreign_id)
    );
    CREATE INDEX invoices_list_idx ON invoices (organisation_id, id DESC);

    CREATE TABLE invoice_transactions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      invoice_id bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
      currency text NOT NULL,
      amount bigint NOT NULL,
      fee bigint NOT NULL,
      address text NOT NULL,
      txid text NOT NULL UNIQUE,
      confirmations integer NOT NULL,
      status text NOT NULL,
      created_at timestamptz NOT NULL,
      confirmed_at timestamptz
    );
    CREATE INDEX invoice_transactions_invoice_idx ON invoice_transactions (invoice_id, id);

    -- Append-only; a balance is the sum of a currency's entries.
    CREATE TABLE ledger_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      currency text NOT NULL,
      amount bigint NOT NULL,
      kind text NOT NULL,
      invoice_id bigint REFERENCES invoices (id) ON DELETE CASCADE,
      transaction_id bigint REFERENCES invoice_transactions (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX ledger_entries_balance_idx ON ledger_entries (organisation_id, currency);
    -- A confirmed transaction books its deposit and fee once, however often it is reported.
    CREATE UNIQUE INDEX ledger_entries_once_idx ON ledger_entries (transaction_id, kind) WHERE transaction_id IS NOT NULL;

    -- Durable timers: one pending job per invoice and job name, polled with FOR UPDATE SKIP LOCKED.
    CREATE TABLE invoice_jobs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      invoice_id bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
      name text NOT NULL,
      run_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      CONSTRAINT invoice_jobs_once UNIQUE (invoice_id, name)
    );
    CREATE INDEX invoice_jobs_due_idx ON invoice_jobs (run_at);
  `,
} satisfies Migration;
