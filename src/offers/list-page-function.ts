// The page's JSON as a PL/pgSQL function, so GET /offers is one statement (one round trip) and the
// large JSON expression (list-json.ts) is still planned once per connection: PL/pgSQL caches the plan of
// the query inside it, while the calling statement, whose LIMIT/OFFSET parameters keep it on custom
// plans, plans only the page cut and a function call. The function is derived from the code, not a
// migration: its name carries the hash of its text, migrate() creates it when absent (db/routines.ts),
// and every server version calls the one it was built with, so replicas of two versions run side by side.
import { textVersion } from '../platform/crypto.js';
import { LINE_ITEMS_TEXT, OFFER_JSON, RECIPIENTS_LATERAL } from './list-json.js';

/**
 * The offers whose ids are $1, within organisation $2, in the array's order, as one row: how many
 * there are, their JSON joined by commas (one text, not a row each: the drivers' cost is per field),
 * the link tokens and the line items that the text's marks stand for, in the marks' order.
 */
export const OFFER_PAGE_QUERY = `WITH listed AS (
  SELECT p.n, ${OFFER_JSON} AS json, rc.tokens, ${LINE_ITEMS_TEXT} AS line_items
    FROM unnest($1::text[]) WITH ORDINALITY AS p(id, n)
    JOIN offers o ON o.id = p.id AND o.organisation_id = $2::uuid
    ${RECIPIENTS_LATERAL})
SELECT (SELECT count(*) FROM listed)::int,
       (SELECT string_agg(l.json, ',' ORDER BY l.n) FROM listed l),
       ARRAY(SELECT u.token FROM listed l CROSS JOIN LATERAL unnest(l.tokens) WITH ORDINALITY AS u(token, k) ORDER BY l.n, u.k),
       ARRAY(SELECT l.line_items FROM listed l WHERE l.line_items IS NOT NULL ORDER BY l.n)`;

// The OUT names differ from every column the query names: PL/pgSQL would read those as the variables.
// enable_seqscan off: with few recipients in the table (a small install, the embedded engine's case)
// the planner scans offer_recipients from its start once per listed offer, and each such scan asks the
// file system for the table's size (an lseek; an fstat on the embedded engine: 44 system calls for a
// page of 30 offers instead of 14). Their index on (offer_id, seq) asks nothing: a sixth less of
// PostgreSQL's CPU a page (bench/README.md, *Session 23*).
const BODY = `(ids text[], org uuid)
  RETURNS TABLE (page_offers int, page_json text, page_link_tokens text[], page_line_items text[])
  LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $body$ BEGIN RETURN QUERY ${OFFER_PAGE_QUERY}; END $body$`;

export const OFFER_LIST_PAGE = `offer_list_page_${textVersion(BODY)}`;

export const OFFER_LIST_PAGE_SQL = `CREATE OR REPLACE FUNCTION ${OFFER_LIST_PAGE} ${BODY}`;
