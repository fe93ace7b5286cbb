// Each offer's GET /offers JSON, kept on the row: building it from the columns was two fifths of the
// database's CPU for an uncached page (bench/README.md, *Session 13*). The columns are written by a
// trigger derived from the code (offers/list-json-trigger.ts), not by this migration, and carry the
// version of the shape they hold; a row whose version is not the reader's is built on the fly, so the
// columns are never wrong, only sometimes not used. Empty until a write or the refresh fills them.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 40,
  name: 'offer_list_json',
  sql: `
    ALTER TABLE offers
      ADD COLUMN list_json_head text,
      ADD COLUMN list_json_tail text,
      ADD COLUMN list_json_version text;
  `,
};

export default migration;
