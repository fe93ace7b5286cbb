// GET /offers pages kept in memory, keyed by organisation, the organisation's offers list version and
// the parsed query. Triggers bump the version in every transaction that writes offers or recipients
// (migration 10), and the version is read with the API token in one query, so a replica serves a page
// from memory only while it is still what the database holds: a client reads its own writes through
// any replica, and a hit costs the one round trip authentication needs anyway.
import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ListQuery } from './list-query.js';

/** A serialized page and its strong ETag (a hash of the bytes, so it is right whoever computed it). */
export interface ListPage {
  body: Buffer;
  etag: string;
}

export const listPage = (body: Buffer): ListPage => ({ body, etag: `"${crypto.createHash('sha256').update(body).digest('base64url')}"` });

export interface OffersListCache {
  get(organisationId: string, version: string, query: ListQuery): ListPage | undefined;
  set(organisationId: string, version: string, query: ListQuery, page: ListPage): void;
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
  };
}
