// Database functions derived from the code rather than written as migrations: each is named by the
// hash of its text, so a changed definition is a new function beside the old one, and a server calls
// the version it was built with. migrate() creates the missing ones under its lock, after the migrations.
// The older versions stay (a few kilobytes each): a replica of the previous release may still call one.
import { OFFER_LIST_PAGE, OFFER_LIST_PAGE_SQL } from '../offers/list-page-function.js';

export interface Routine {
  name: string;
  sql: string;
}

export const routines: readonly Routine[] = [{ name: OFFER_LIST_PAGE, sql: OFFER_LIST_PAGE_SQL }];
