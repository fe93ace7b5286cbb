// Database functions derived from the code rather than written as migrations: each is named by the
// hash of its text, so a changed definition is a new function beside the old one, and a server calls
// the version it was built with. migrate() creates the missing ones under its lock, after the migrations.
// The older versions stay (a few kilobytes each): a replica of the previous release may still call one.
import { OFFER_LIST_JSON, OFFER_LIST_JSON_INSTALLED, OFFER_LIST_JSON_SQL } from '../offers/list-json-trigger.js';
import { OFFER_LIST_PAGE, OFFER_LIST_PAGE_SQL } from '../offers/list-page-function.js';
import { WEBHOOK_CLAIM_TURN, WEBHOOK_CLAIM_TURN_SQL } from '../webhooks/claim-turn.js';

export interface Routine {
  name: string;
  sql: string;
  /**
   * For a trigger's function: a query, given the name, that returns a row while the trigger calls it.
   * There is one trigger, so the last server to start points it at its own version.
   */
  installed?: string;
}

export const routines: readonly Routine[] = [
  { name: OFFER_LIST_PAGE, sql: OFFER_LIST_PAGE_SQL },
  { name: OFFER_LIST_JSON, sql: OFFER_LIST_JSON_SQL, installed: OFFER_LIST_JSON_INSTALLED },
  { name: WEBHOOK_CLAIM_TURN, sql: WEBHOOK_CLAIM_TURN_SQL },
];
