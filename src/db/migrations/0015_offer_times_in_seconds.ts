// Offer times in whole seconds, as the API returns them (offers/repository.ts writes them so from now
// on): a list ordered by a time sorts by what a client sees, and equal times fall to the id.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 15,
  name: 'offer_times_in_seconds',
  sql: `
    UPDATE offers SET
      created_at = date_trunc('second', created_at),
      updated_at = date_trunc('second', updated_at),
      signed_at = date_trunc('second', signed_at),
      valid_until = date_trunc('second', valid_until),
      issued_at = date_trunc('second', issued_at)
    WHERE created_at <> date_trunc('second', created_at)
       OR updated_at <> date_trunc('second', updated_at)
       OR signed_at <> date_trunc('second', signed_at)
       OR valid_until <> date_trunc('second', valid_until)
       OR issued_at <> date_trunc('second', issued_at);
  `,
};

export default migration;
