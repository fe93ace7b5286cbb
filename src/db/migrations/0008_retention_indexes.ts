import type { Migration } from './index.js';

// The retention job (operations/retention.ts) deletes in batches by age; these partial indexes let each
// batch find its rows without scanning from the start of the table.
export default {
  version: 8,
  name: 'retention_indexes',
  sql: /* sql */ `
    CREATE INDEX outbox_dispatched_idx ON outbox (dispatched_at) WHERE dispatched_at IS NOT NULL;
    CREATE INDEX webhook_deliveries_finished_idx ON webhook_deliveries (updated_at) WHERE status IN ('delivered', 'failed');
  `,
} satisfies Migration;
