// GET /offers pages kept in memory, keyed by organisation, the organisation's offers list version and
// the parsed query. Triggers bump the version in every transaction that writes offers or recipients
// (migration 10), and the version is read with the API token in one query, so a replica serves a page
// from memory only while it is still what the database holds: a client reads its own writes through
// any replica, and a hit costs the one round trip authentication needs anyway.
import { LRUCache } from 'lru-cache';
import client from 'prom-client';
import { etagOf } from '../platform/etag.js';
import type { ListQuery } from './list-query.js';

/** A serialized page and its strong ETag (a hash of the bytes, so it is right whoever computed it). */
export interface ListPage {
  body: Buffer;
  etag: string;
}

export const listPage = (body: Buffer): ListPage => ({ body, etag: etagOf(body) });

export interface OffersListCache {
  get(organisationId: string, version: string, query: ListQuery): ListPage | undefined;
  set(organisationId: string, version: string, query: ListQuery, page: ListPage): void;
  /** Bytes held (bodies and keys). */
  size(): number;
}

/** null when disabled (OFFERS_LIST_CACHE_MB=0). Pages of older versions are never hit again and age out. */
export function createOffersListCache(maxBytes: number): OffersListCache | null {
  if (maxBytes <= 0) return null;
  const pages = new LRUCache<string, ListPage>({ maxSize: maxBytes, sizeCalculation: (page, key) => page.body.length + key.length });
  // parseListQuery builds the query in a fixed shape, so equal queries stringify equally.
  const key = (organisationId: string, version: string, query: ListQuery) => `${organisationId}\n${version}\n${JSON.stringify(query)}`;
  return {
    get: (organisationId, version, query) => pages.get(key(organisationId, version, query)),
    set: (organisationId, version, query, page) => {
      if (page.body.length <= maxBytes) pages.set(key(organisationId, version, query), page);
    },
    size: () => pages.calculatedSize,
  };
}

/** Hits and misses, and the bytes held, in the app's metrics registry (when /metrics is on). */
export function listCacheMetrics(
  registry: client.Registry | null,
  cache: OffersListCache | null,
): ((result: 'hit' | 'miss') => void) | null {
  if (!registry || !cache) return null;
  const requests = new client.Counter({
    name: 'offerpay_offers_list_cache_requests_total',
    help: 'GET /offers pages served from memory (hit) or built from the database (miss).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  new client.Gauge({
    name: 'offerpay_offers_list_cache_bytes',
    help: 'Bytes of GET /offers pages held in memory (at most OFFERS_LIST_CACHE_MB).',
    registers: [registry],
    collect() {
      this.set(cache.size());
    },
  });
  return (result) => requests.inc({ result });
}
