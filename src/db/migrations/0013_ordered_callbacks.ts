import type { Migration } from './index.js';

// Callbacks and webhooks in order, with exact bytes (see docs/webhooks.md, *Order*).
// - outbox.ordering_key: events with the same key reach a target one at a time, in outbox id order.
// - outbox.body: the exact bytes of a merchant callback (PHP json_encode, the vendor's key order);
//   payload stays jsonb for queries, but jsonb does not keep key order.
// - webhook_deliveries.ordering_key / seq (the outbox id): the claim query skips a delivery while an
//   older one of the same target and key is unfinished, or an older outbox row of the key is not
//   dispatched yet. Rows from before this migration have no key and stay unordered.
export default {
  version: 13,
  name: 'ordered_callbacks',
  sql: /* sql */ `
    ALTER TABLE outbox ADD COLUMN ordering_key text;
    ALTER TABLE outbox ADD COLUMN body text;
    CREATE INDEX outbox_ordering_idx ON outbox (organisation_id, ordering_key, id)
      WHERE dispatched_at IS NULL AND ordering_key IS NOT NULL;

    ALTER TABLE webhook_deliveries ADD COLUMN ordering_key text;
    ALTER TABLE webhook_deliveries ADD COLUMN seq bigint;
    CREATE INDEX webhook_deliveries_ordering_idx ON webhook_deliveries (target_key, ordering_key, seq)
      WHERE status IN ('pending', 'delivering') AND ordering_key IS NOT NULL;
  `,
} satisfies Migration;
