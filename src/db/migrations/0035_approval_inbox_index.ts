// The console's approvals inbox pages through an organisation's requests in `seq` order (waiting:
// oldest first, decided: newest first); this index serves both orders without sorting the table.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 35,
  name: 'approval_inbox_index',
  sql: `
    CREATE INDEX offer_approval_requests_org_seq_idx ON offer_approval_requests (organisation_id, seq);
  `,
};

export default migration;
