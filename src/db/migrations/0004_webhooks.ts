import type { Migration } from './index.js';

// Webhook endpoints, the merchant callback URL, and one delivery row per (outbox event × target)
// with its attempt log. See src/webhooks/ and docs/webhooks.md.
export default {
  version: 4,
  name: 'webhooks',
  sql: /* sql */ `
    -- Offers API webhook endpoints. The secret signs every delivery, so it is stored encrypted (AES-256-GCM), not hashed.
    CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      url text NOT NULL,
      events text[] NOT NULL,
      version text NOT NULL DEFAULT 'v1',
      secret_encrypted text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      consecutive_failures integer NOT NULL DEFAULT 0,
      failing_since timestamptz, -- start of the current run of failures
      disabled_at timestamptz,
      disabled_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX webhook_endpoints_organisation_idx ON webhook_endpoints (organisation_id, created_at);

    -- Merchant API settings; one row per organisation that has set them.
    CREATE TABLE merchant_settings (
      organisation_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
      callback_url text,
      updated_at timestamptz NOT NULL
    );

    -- One row per outbox event and target. target_key is the endpoint id or 'merchant:<organisation id>', so the
    -- dispatcher can insert idempotently
    -- and the worker can cap concurrency per target. body is fixed at dispatch: every attempt sends the same bytes.
    -- While delivering, next_attempt_at is the lease expiry: a worker that dies mid-send leaves a row
    -- that becomes due again (at-least-once).
    CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      event_id text NOT NULL,
      topic text NOT NULL,
      target_kind text NOT NULL CHECK (target_kind IN ('endpoint', 'merchant_callback')),
      target_key text NOT NULL,
      endpoint_id uuid REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
      body text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivering', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      attempts_total integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      lease_token uuid,
      last_url text,
      last_status_code integer,
      last_latency_ms integer,
      last_response text,
      last_error text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      delivered_at timestamptz,
      UNIQUE (event_id, target_key)
    );
    CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'delivering');
    CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at);
    CREATE INDEX webhook_deliveries_organisation_idx ON webhook_deliveries (organisation_id, created_at);

    CREATE TABLE webhook_delivery_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      url text NOT NULL,
      started_at timestamptz NOT NULL,
      status_code integer,
      latency_ms integer NOT NULL,
      response_excerpt text,
      error text,
      succeeded boolean NOT NULL
    );
    CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, id);
  `,
} satisfies Migration;
