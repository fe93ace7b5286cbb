// SQL for GET /offers: one page as JSON text with its recipients and the exact total, scoped by organisation.
import type { Queryable } from '../db/database.js';
import type { ListQuery, OrderField } from './list-query.js';
import { OFFER_LIST_PAGE } from './list-page-function.js';
import type { OfferRow } from './repository.js';

/**
 * What each order field sorts by. A name sorts by the same explicit rule on every engine and server
 * locale (docs/offers.md): accents dropped and A–Z folded, by code point, then the name itself by code
 * point. Migration 23's index holds exactly these expressions.
 */
export const NAME_SORT_KEY = (t: string) => `lower(regexp_replace(normalize(${t}name COLLATE "C", NFD), '[\\u0300-\\u036f]', '', 'g'))`;
const ORDER_COLUMNS: Record<OrderField, string[]> = {
  number: ['number'],
  name: [NAME_SORT_KEY(''), 'name COLLATE "C"'],
  status: ['status'],
  dealType: ['deal_type'],
  acceptanceMode: ['acceptance_mode'],
  signedAt: ['signed_at'],
  validUntil: ['valid_until'],
  cachedContractValueCents: ['cached_contract_value_cents'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
};

interface Where {
  /** Conditions on offers (unqualified columns). */
  offers: string;
  /** The same conditions on offer_list_counts, or null when a filter is not counted there. */
  counts: string | null;
  params: unknown[];
}

function where(organisationId: string, filter: ListQuery['filter']): Where {
  const params: unknown[] = [organisationId];
  const offers = ['organisation_id = $1'];
  const counts = ['organisation_id = $1'];
  const add = (column: string, countColumn: string | null, op: (p: string) => string, value: unknown) => {
    params.push(value);
    offers.push(`${column} ${op(`$${params.length}`)}`);
    if (countColumn) counts.push(`${countColumn} ${op(`$${params.length}`)}`);
  };
  const any = (p: string) => `= ANY(${p}::text[])`;
  const eq = (p: string) => `= ${p}`;
  if (filter.status) add('status', 'status', any, filter.status);
  if (filter.dealType) add('deal_type', 'deal_type', any, filter.dealType);
  if (filter.acceptanceMode) add('acceptance_mode', 'acceptance_mode', any, filter.acceptanceMode);
  if (filter.signed !== undefined) add('signed', 'signed', eq, filter.signed);
  if (filter.hasSubscription !== undefined) add('(subscription_id IS NOT NULL)', 'has_subscription', eq, filter.hasSubscription);
  if (filter.contactPerson) add('contact_person_id', null, any, filter.contactPerson);
  return { offers: offers.join(' AND '), counts: filter.contactPerson ? null : counts.join(' AND '), params };
}

/**
 * The exact number of matching offers. Filters on status, dealType, acceptanceMode, signed and
 * exists[subscription] sum the trigger-maintained offer_list_counts; contactPerson counts offers.
 */
function countSql(w: Where): string {
  return w.counts === null
    ? `(SELECT count(*) FROM offers WHERE ${w.offers})`
    : `(SELECT coalesce(sum(total), 0)::bigint FROM offer_list_counts WHERE ${w.counts})`;
}

export async function countOffers(q: Queryable, organisationId: string, filter: ListQuery['filter']): Promise<number> {
  const w = where(organisationId, filter);
  const { rows } = await q.query<{ n: bigint }>(`SELECT ${countSql(w)} AS n`, w.params, { prepare: true });
  return Number(rows[0]!.n);
}

/** Every column the wire shape reads: not published_content (recipients' copy, possibly large) nor organisation_id. */
export type ListedOffer = Omit<OfferRow, 'published_content' | 'organisation_id'>;

/**
 * A page's offers as the database wrote them (list-json.ts): `json` is their OfferRead objects joined by
 * commas, with a LINK_MARK for each recipient's link and a TOTALS_MARK for each offer's totals that
 * Node fills in, from `linkTokens` and `lineItems` in the same order.
 */
export interface OfferPage {
  offers: number;
  json: string;
  linkTokens: string[];
  lineItems: string[];
}

const EMPTY_PAGE: OfferPage = { offers: 0, json: '', linkTokens: [], lineItems: [] };

/** From this many skipped rows on, a page past the middle of the list is cut from its far end (listOffers). */
export const DEEP_OFFSET = 1000;

/**
 * One page of offers as JSON text (list-json.ts) and the total, in one statement. Its inner query cuts
 * the page's ids and reads the total: a narrow query (LIMIT/OFFSET over the ordering's index, reading
 * only the sort keys and the filters) whose LIMIT/OFFSET parameters keep the statement on custom plans,
 * planned on every execution but small. The ids, in page order, go to a PL/pgSQL function
 * (list-page-function.ts) that builds them into JSON with their recipients: its query has no
 * LIMIT/OFFSET, so its plan is kept per connection and the large JSON expression is not planned on every
 * page. (Two statements did the same in two round trips: bench/README.md.) A deep page (DEEP_OFFSET)
 * past the middle is cut from the other end: the same ordering reversed, skipping
 * `total - offset - limit`, so no page walks more than half the list's index entries; the exact total
 * (the counters) picks the direction inside the statement, in its snapshot (docs/offers.md, *Deep
 * pages*). An empty page has its total too.
 */
export async function listOffers(q: Queryable, organisationId: string, query: ListQuery): Promise<{ page: OfferPage; total: number }> {
  if (query.limit === 0) return { page: EMPTY_PAGE, total: await countOffers(q, organisationId, query.filter) };
  const w = where(organisationId, query.filter);
  const offset = (query.page - 1) * query.limit;
  // Ties go by id in the direction of the last key, so a B-tree on (…, key, id) serves the whole ORDER BY.
  const orderBy = (reverse = false) => {
    const flip = (d: 'asc' | 'desc') => ((d === 'asc') !== reverse ? 'ASC' : 'DESC');
    const last = query.order.at(-1)?.direction ?? 'desc';
    return [...query.order.flatMap((o) => ORDER_COLUMNS[o.field].map((c) => `${c} ${flip(o.direction)}`)), `id ${flip(last)}`].join(', ');
  };
  const l = `$${w.params.length + 1}::bigint`;
  const n = `$${w.params.length + 2}::bigint`;
  const total = countSql(w);
  // Each id with its place on the page (`at`, ascending). Reversing every key (and the id) reverses NULLS
  // FIRST/LAST too: exactly the reverse order, so the far end's rows count down. Its LIMIT stays the plain
  // parameter (a computed LIMIT is estimated at 10% of the table, and the plan then joins back by a full
  // scan); the rows a partial last page must not show are cut by position.
  const page =
    offset < DEEP_OFFSET
      ? `SELECT id, row_number() OVER () AS at FROM (SELECT id FROM offers WHERE ${w.offers} ORDER BY ${orderBy()} LIMIT ${l} OFFSET ${n}) r`
      : `(SELECT id, row_number() OVER () AS at
            FROM (SELECT id FROM offers WHERE ${w.offers} AND 2 * ${n} + ${l} <= ${total}
                   ORDER BY ${orderBy()} LIMIT ${l} OFFSET ${n}) r)
         UNION ALL
         (SELECT id, -rn AS at FROM (SELECT id, row_number() OVER () AS rn
                                       FROM (SELECT id FROM offers WHERE ${w.offers} AND 2 * ${n} + ${l} > ${total}
                                              ORDER BY ${orderBy(true)} LIMIT ${l} OFFSET greatest(${total} - ${n} - ${l}, 0)) r) r
           WHERE rn <= ${total} - ${n})`;
  const { rows } = await q.query<{ list_total: bigint } & PageRow>(
    `SELECT cut.list_total, j.page_offers, j.page_json, j.page_link_tokens, j.page_line_items
       FROM (SELECT array_agg(page.id ORDER BY page.at) AS ids, ${total} AS list_total FROM (${page}) page) cut
       CROSS JOIN LATERAL ${OFFER_LIST_PAGE}(cut.ids, $1) j`,
    [...w.params, query.limit, offset],
    { prepare: true },
  );
  const row = rows[0]!;
  return { page: pageOf(row), total: Number(row.list_total) };
}

interface PageRow {
  page_offers: number;
  page_json: string | null;
  page_link_tokens: string[];
  page_line_items: string[];
}

const pageOf = (row: PageRow): OfferPage => ({
  offers: row.page_offers,
  json: row.page_json ?? '',
  linkTokens: row.page_link_tokens,
  lineItems: row.page_line_items,
});
