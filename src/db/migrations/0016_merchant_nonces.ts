import type { Migration } from './index.js';

// Timestamped merchant signatures (an opt-in offerpay extension, docs/merchant.md): each nonce is
// remembered per organisation until its timestamp leaves the 5-minute window, so a captured request
// cannot be replayed inside the window (the window refuses it after). The feature flag defaults to
// off, for new organisations and, written out, for existing ones, so that `features` always lists it.
export default {
  version: 16,
  name: 'merchant_nonces',
  sql: /* sql */ `
    CREATE TABLE merchant_nonces (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      nonce text NOT NULL,
      -- The request's timestamp plus the window: after it the timestamp alone refuses a replay.
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (organisation_id, nonce)
    );
    CREATE INDEX merchant_nonces_expires_idx ON merchant_nonces (expires_at);
    ALTER TABLE organisations ALTER COLUMN features SET DEFAULT '{"invoices_enabled": true, "timestamped_signatures": false}';
    UPDATE organisations SET features = '{"timestamped_signatures": false}'::jsonb || features;
  `,
} satisfies Migration;
