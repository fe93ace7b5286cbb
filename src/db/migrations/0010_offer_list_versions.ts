import type { Migration } from './index.js';

// A per-organisation version of everything GET /offers shows (offers and their recipients), bumped by
// statement triggers in the writing transaction. The list cache keys pages by it, so a page is served
// from memory only while no replica has committed a change to that organisation's offers.

const TRANSITION_TABLES = {
  INSERT: 'REFERENCING NEW TABLE AS new_rows',
  UPDATE: 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
  DELETE: 'REFERENCING OLD TABLE AS old_rows',
};
/** offers_bump_version_insert … offer_recipients_bump_version_delete: one statement trigger per table and event. */
const bumpTriggers = ['offers', 'offer_recipients']
  .flatMap((table) =>
    Object.entries(TRANSITION_TABLES).map(
      ([event, tables]) =>
        `CREATE TRIGGER ${table}_bump_version_${event.toLowerCase()} AFTER ${event} ON ${table} ${tables} FOR EACH STATEMENT EXECUTE FUNCTION offer_list_versions_bump();`,
    ),
  )
  .join('\n    ');

export default {
  version: 10,
  name: 'offer_list_versions',
  sql: /* sql */ `
    CREATE TABLE offer_list_versions (
      organisation_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
      version bigint NOT NULL
    );
    -- Every organisation that may already have offers gets its row, so deletes only ever update.
    INSERT INTO offer_list_versions (organisation_id, version) SELECT id, 0 FROM organisations;

    CREATE FUNCTION offer_list_versions_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        -- No insert: the row exists (above, or from the insert that created the row), or went with a
        -- cascading organisation delete.
        UPDATE offer_list_versions v SET version = v.version + 1
          FROM (SELECT DISTINCT organisation_id FROM old_rows) d
         WHERE v.organisation_id = d.organisation_id;
      ELSE
        INSERT INTO offer_list_versions AS v (organisation_id, version)
        SELECT DISTINCT organisation_id, 1 FROM new_rows ORDER BY 1
        ON CONFLICT (organisation_id) DO UPDATE SET version = v.version + 1;
      END IF;
      RETURN NULL;
    END
    $$;

    -- Triggers of one event fire in name order: offers_bump_* runs before offers_counts_*, so every writer
    -- takes its organisation's version row before any count row, and writers of one organisation queue on
    -- it instead of deadlocking on count rows taken in different orders.
    ${bumpTriggers}
  `,
} satisfies Migration;
