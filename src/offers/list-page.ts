// GET /offers as one use case: the page's bytes and strong ETag, from memory while the organisation's
// offers list version is the one the cache holds (list-cache.ts), else read, serialized and kept.
import type client from 'prom-client';
import type { Context } from '../platform/context.js';
import { createOffersListCache, listCacheMetrics, listPage, type ListPage, type OffersListCache } from './list-cache.js';
import type { ListQuery } from './list-query.js';
import * as listRepo from './list-repository.js';
import { paginationMeta } from './pagination.js';
import type { RecipientRow } from './recipients-repository.js';
import { serializeOffer } from './serialize.js';
import { linksOf } from './steps.js';

/** One page of the organisation's offers with the pagination meta, as the route's schema serializes it. */
export async function listOffers(ctx: Context, query: ListQuery) {
  const { rows, recipients, total } = await listRepo.listOffers(ctx.deps.db, ctx.organisationId, query);
  const byOffer = new Map<string, RecipientRow[]>();
  for (const r of recipients) {
    const list = byOffer.get(r.offer_id);
    if (list) list.push(r);
    else byOffer.set(r.offer_id, [r]);
  }
  const links = linksOf(ctx);
  return {
    data: rows.map((row) => serializeOffer(links, row, byOffer.get(row.id) ?? [])),
    meta: paginationMeta(total, query.page, query.limit, rows.length),
  };
}

export type OfferListPage = Awaited<ReturnType<typeof listOffers>>;

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
  /** The route's own response serializer, so a hit sends exactly what a miss would. */
  serialize: (list: OfferListPage) => string;
}

export async function listOffersPage(ctx: Context, query: ListQuery, { pages, version, serialize }: ListPageOptions): Promise<ListPage> {
  const cached = pages && version !== undefined ? pages : null;
  const hit = cached?.cache.get(ctx.organisationId, version!, query);
  cached?.count?.(hit ? 'hit' : 'miss');
  if (hit) return hit;
  const page = listPage(Buffer.from(serialize(await listOffers(ctx, query))));
  cached?.cache.set(ctx.organisationId, version!, query, page);
  return page;
}
