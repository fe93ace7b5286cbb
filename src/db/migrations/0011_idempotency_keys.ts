import type { Migration } from './index.js';

// Idempotency-Key on the Offers API's POST requests: the first request's answer, replayed to retries.
export default {
  version: 11,
  name: 'idempotency_keys',
  sql: /* sql */ `
    CREATE TABLE idempotency_keys (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      key text NOT NULL,
      -- SHA-256 of method, path and body: a key reused for another request is refused.
      fingerprint bytea NOT NULL,
      -- While the first request runs; a key still unanswered after it belonged to a request that never finished.
      locked_until timestamptz NOT NULL,
      response_status integer,
      response_content_type text,
      response_body text,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (organisation_id, key)
    );
    CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
  `,
} satisfies Migration;
