// The trigger that keeps each offer's list JSON on its row (migration 40): on every insert and update of
// an offer it builds the two parts of OfferRead around the recipients (list-json.ts) from the new row and
// stamps them with LIST_JSON_VERSION, so a page copies text instead of building it (docs/offers.md,
// *Stored JSON*). Like the page function it is derived from the code: the function's name carries the
// hash of its text, and migrate() points the one trigger at this version's function (db/routines.ts).
import { textVersion } from '../platform/crypto.js';
import { LINE_ITEMS, LIST_JSON_VERSION, OFFER_JSON_HEAD, offerJsonTail } from './list-json.js';

// `o` is the new row under the alias the expressions use. The line items' subquery is assigned on its
// own, so that the two parts are plain expressions, which PL/pgSQL evaluates without the executor: a
// quarter of the cost of one SELECT of all three (bench/README.md, *Session 13*). Whatever a writer puts
// in the three columns is overwritten: only this function writes them.
const BODY = `() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  o offers := NEW;
  line_items_json text := ${LINE_ITEMS};
BEGIN
  NEW.list_json_head := ${OFFER_JSON_HEAD};
  NEW.list_json_tail := ${offerJsonTail('line_items_json')};
  NEW.list_json_version := '${LIST_JSON_VERSION}';
  RETURN NEW;
END $body$`;

export const OFFER_LIST_JSON = `offer_list_json_${textVersion(BODY)}`;

/** Creates the function and points the trigger at it (under migrate()'s lock, in its session). */
export const OFFER_LIST_JSON_SQL = `CREATE OR REPLACE FUNCTION ${OFFER_LIST_JSON} ${BODY};
DROP TRIGGER IF EXISTS offers_list_json ON offers;
CREATE TRIGGER offers_list_json BEFORE INSERT OR UPDATE ON offers FOR EACH ROW EXECUTE FUNCTION ${OFFER_LIST_JSON}();`;

/** A row when the trigger calls this version's function ($1, its name). */
export const OFFER_LIST_JSON_INSTALLED = `SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
  WHERE t.tgrelid = 'offers'::regclass AND t.tgname = 'offers_list_json' AND p.proname = $1`;
