// GET /offers as one use case: the page's bytes and strong ETag, from memory while the organisation's
// offers list version is the one the cache holds (list-cache.ts), else read and kept. The database
// builds the offers' JSON (list-json.ts); Node fills in what needs the server: links and totals.
import type client from 'prom-client';
import type { Context } from '../platform/context.js';
import { createOffersListCache, listCacheMetrics, listPage, type ListPage, type OffersListCache } from './list-cache.js';
import { LINK_MARK, TOTALS_MARK } from './list-json.js';
import type { ListQuery } from './list-query.js';
import * as listRepo from './list-repository.js';
import { paginationMeta } from './pagination.js';
import type { OfferReadT } from './schemas.js';
import { recipientLink, serializeTotals, type LinkContext } from './serialize.js';
import { linksOf } from './steps.js';

const MARKS = new RegExp(`[${LINK_MARK}${TOTALS_MARK}]`, 'g');

/** The page's offers as the database wrote them, each mark replaced: a recipient's link, an offer's totals. */
function filledIn(links: LinkContext, page: listRepo.OfferPage): string {
  let link = 0;
  let totals = 0;
  return page.json.replace(MARKS, (mark) =>
    mark === LINK_MARK
      ? JSON.stringify(recipientLink(links, { link_token_encrypted: page.linkTokens[link++]! }))
      : JSON.stringify(serializeTotals(JSON.parse(page.lineItems[totals++]!))),
  );
}

/** One page of the organisation's offers with the pagination meta, as the JSON text GET /offers sends. */
export async function listOffersJson(ctx: Context, query: ListQuery): Promise<string> {
  const { page, total } = await listRepo.listOffers(ctx.deps.db, ctx.organisationId, query);
  const meta = paginationMeta(total, query.page, query.limit, page.offers);
  return `{"data":[${filledIn(linksOf(ctx), page)}],"meta":${JSON.stringify(meta)}}`;
}

export interface OfferListPage {
  data: OfferReadT[];
  meta: ReturnType<typeof paginationMeta>;
}

/** The same page as objects (the console's list renders them). */
export async function listOffers(ctx: Context, query: ListQuery): Promise<OfferListPage> {
  return JSON.parse(await listOffersJson(ctx, query)) as OfferListPage;
}

/** The pages kept in memory and their hit/miss counter; null when the cache is off (OFFERS_LIST_CACHE_MB=0). */
export interface OffersListPages {
  cache: OffersListCache;
  count: ((result: 'hit' | 'miss') => void) | null;
}

export function offersListPages(maxBytes: number, metrics: client.Registry | null): OffersListPages | null {
  const cache = createOffersListCache(maxBytes);
  return cache ? { cache, count: listCacheMetrics(metrics, cache) } : null;
}

export interface ListPageOptions {
  pages: OffersListPages | null;
  /** The organisation's offers list version, read with the API token (list-version.ts); undefined: do not cache. */
  version: string | undefined;
}

export async function listOffersPage(ctx: Context, query: ListQuery, { pages, version }: ListPageOptions): Promise<ListPage> {
  const cached = pages && version !== undefined ? pages : null;
  const hit = cached?.cache.get(ctx.organisationId, version!, query);
  cached?.count?.(hit ? 'hit' : 'miss');
  if (hit) return hit;
  const page = listPage(Buffer.from(await listOffersJson(ctx, query)));
  cached?.cache.set(ctx.organisationId, version!, query, page);
  return page;
}
