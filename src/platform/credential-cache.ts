// Verified credentials (API tokens by their SHA-256, merchant keys by key id) kept for a few seconds,
// so that a hot request does not queue its credential lookup on the database (on PGlite, the single
// embedded connection). Only successful lookups are kept: an unknown or wrong credential always goes
// to the database and counts toward the lock-out.
//
// Invalidation: a revoke, key rotation or change of an organisation's features or mode calls
// `forgetCredentials` after its commit, which empties this replica's cache at once. Other replicas
// (several servers on one PostgreSQL) keep a revoked credential for at most CREDENTIAL_TTL_MS: the
// documented worst-case window (bench/README.md, "Hot paths and the embedded engine"). The raw token is never a key.
import type { Queryable } from '../db/database.js';

/** How long a verified credential is served without asking the database; the cross-replica revoke window. */
export const CREDENTIAL_TTL_MS = 2_000;
/** Entries per replica; the cache is emptied when it is full (credentials are few, requests many). */
const MAX_ENTRIES = 10_000;

interface Entry {
  value: unknown;
  expires: number;
}

interface Cache {
  entries: Map<string, Entry>;
  /** Bumped by every forget: a lookup that began before it must not store what it read. */
  generation: number;
}

/** One cache per database handle: one app (replica) each, also when tests run two in one process. */
const caches = new WeakMap<object, Cache>();

function cacheOf(db: object): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new Map(), generation: 0 };
    caches.set(db, cache);
  }
  return cache;
}

/**
 * The verified credential under `key` (a kind prefix and a hash or key id), loaded with `load` when
 * absent or older than the TTL. Concurrent misses each load: a lookup is cheap and rare.
 */
export async function cachedCredential<T>(db: Queryable, key: string, load: () => Promise<T | null>): Promise<T | null> {
  const cache = cacheOf(db);
  const now = performance.now();
  const hit = cache.entries.get(key);
  if (hit && hit.expires > now) return hit.value as T;
  const generation = cache.generation;
  const value = await load();
  if (value === null) {
    cache.entries.delete(key);
    return null;
  }
  // A revoke committed while this lookup ran may have read the row before it: keep nothing then.
  if (generation !== cache.generation) return value;
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
  cache.entries.set(key, { value, expires: now + CREDENTIAL_TTL_MS });
  return value;
}

/** Empties this replica's credential cache: call after committing a revoke, rotation or feature/mode change. */
export function forgetCredentials(db: Queryable): void {
  const cache = caches.get(db);
  if (!cache) return;
  cache.entries.clear();
  cache.generation++;
}
