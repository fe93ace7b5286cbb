import type { Migration } from './index.js';

export default {
  version: 1,
  name: 'foundation',
  sql: /* sql */ `
    CREATE TABLE organisations (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      features jsonb NOT NULL DEFAULT '{"invoices_enabled": true}',
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- Offers API tokens: only the SHA-256 of the token is stored; the token is shown once.
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      token_hash bytea NOT NULL UNIQUE,
      token_prefix text NOT NULL,
      scopes text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );
    CREATE INDEX api_tokens_organisation_idx ON api_tokens (organisation_id);

    -- Merchant API credentials: the secret signs requests (HMAC), so it is kept encrypted (AES-256-GCM), not hashed.
    CREATE TABLE merchant_keys (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      key text NOT NULL UNIQUE,
      secret_encrypted text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );
    CREATE INDEX merchant_keys_organisation_idx ON merchant_keys (organisation_id);

    -- Side effects leave through this table, written in the business transaction (see webhooks/).
    CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      event_id text NOT NULL UNIQUE,
      topic text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz
    );
    CREATE INDEX outbox_pending_idx ON outbox (id) WHERE dispatched_at IS NULL;
  `,
} satisfies Migration;
