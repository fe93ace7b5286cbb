// The page's JSON rows as a PL/pgSQL function, so GET /offers is one statement (one round trip) and the
// large JSON expression (list-json.ts) is still planned once per connection: PL/pgSQL caches the plan of
// the query inside it, while the calling statement, whose LIMIT/OFFSET parameters keep it on custom
// plans, plans only the page cut and a function call. The function is derived from the code, not a
// migration: its name carries the hash of its text, migrate() creates it when absent (db/routines.ts),
// and every server version calls the one it was built with, so replicas of two versions run side by side.
import { createHash } from 'node:crypto';
import { OFFER_JSON_COLUMNS } from './list-json.js';

/** The rows of the offers whose ids are $1, in the array's order (`n`), within organisation $2. */
export const OFFER_LIST_ROWS_QUERY = `SELECT p.n, ${OFFER_JSON_COLUMNS}
  FROM unnest($1::text[]) WITH ORDINALITY AS p(id, n)
  JOIN offers o ON o.id = p.id AND o.organisation_id = $2::uuid
 ORDER BY p.n`;

const BODY = `(ids text[], org uuid)
  RETURNS TABLE (n bigint, head text, tail text, line_items text, recipients text[])
  LANGUAGE plpgsql STABLE AS $body$ BEGIN RETURN QUERY ${OFFER_LIST_ROWS_QUERY}; END $body$`;

export const OFFER_LIST_ROWS = `offer_list_rows_${createHash('sha256').update(BODY).digest('hex').slice(0, 16)}`;

export const OFFER_LIST_ROWS_SQL = `CREATE OR REPLACE FUNCTION ${OFFER_LIST_ROWS} ${BODY}`;
