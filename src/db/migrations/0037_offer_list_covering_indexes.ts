// GET /offers cuts a page's ids in a narrow inner query (offers/list-repository.ts) that reads only the
// sort keys and the filters. With the counted filters (status, dealType, acceptanceMode, signed,
// exists[subscription]) carried in the ordering's index, that query is an index-only scan for the
// commonest orderings: before, each filtered entry it walked fetched its heap row to test the filter.
import type { Migration } from './index.js';

const FILTERS = 'status, deal_type, acceptance_mode, signed, subscription_id';

const migration: Migration = {
  version: 37,
  name: 'offer_list_covering_indexes',
  sql: `
    DROP INDEX offers_org_created_idx;
    CREATE INDEX offers_org_created_idx ON offers (organisation_id, created_at, id) INCLUDE (${FILTERS});
    DROP INDEX offers_org_updated_idx;
    CREATE INDEX offers_org_updated_idx ON offers (organisation_id, updated_at, id) INCLUDE (${FILTERS});
    DROP INDEX offers_org_value_idx;
    CREATE INDEX offers_org_value_idx ON offers (organisation_id, cached_contract_value_cents, id) INCLUDE (${FILTERS});
  `,
};

export default migration;
