// A recipient may decline the published version, with an optional reason. The decline is kept on the
// recipient row, not in signing_status (the seed's enum stays as Fynn defines it); it applies to the
// version issued at or before declined_at, so publishing again (a new issued_at) lifts it.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 25,
  name: 'recipient_decline',
  sql: `
    ALTER TABLE offer_recipients ADD COLUMN declined_at timestamptz;
    ALTER TABLE offer_recipients ADD COLUMN decline_reason text;
  `,
};

export default migration;
