// order[name] sorts by one explicit rule on both engines, whatever the server's locale (docs/offers.md):
// the name with accents dropped and A–Z folded, by code point, then the name by code point, then id.
// The index holds exactly the expressions of offers/list-repository.ts, so it still serves that
// ORDER BY in both directions; the old one, in the database's default collation, no longer could.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 23,
  name: 'offer_name_order',
  sql: `
    DROP INDEX offers_org_name_idx;
    CREATE INDEX offers_org_name_idx ON offers (
      organisation_id,
      (lower(regexp_replace(normalize(name COLLATE "C", NFD), '[\\u0300-\\u036f]', '', 'g'))),
      (name COLLATE "C"),
      id
    );
  `,
};

export default migration;
