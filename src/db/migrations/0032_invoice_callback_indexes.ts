// The console's invoice page reads one invoice's callbacks: the outbox rows written for it (its
// status history) and their deliveries with the attempt log. Both were reachable only by scanning
// the organisation's rows; these partial indexes cover merchant callbacks alone (offer webhooks and
// wallet callbacks are not read this way). See invoices/invoice-activity.ts.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 32,
  name: 'invoice_callback_indexes',
  sql: `
    CREATE INDEX outbox_invoice_callbacks_idx ON outbox (organisation_id, ordering_key, id)
      WHERE topic = 'merchant.invoice_callback' AND ordering_key IS NOT NULL;
    CREATE INDEX webhook_deliveries_invoice_callbacks_idx ON webhook_deliveries (organisation_id, ordering_key, seq)
      WHERE target_kind = 'merchant_callback' AND ordering_key IS NOT NULL;
  `,
};

export default migration;
