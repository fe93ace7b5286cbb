// The lock-out after failed authentication: after AUTH_FAILURE_LIMIT failures within the window, a
// client address, and a presented credential (admin token, API token, merchant key), is refused with
// a 429 until the window ends — a right guess included. Checking is in memory, so a request that
// authenticates never pays a database write (nor a read). On PostgreSQL the counts are shared: each
// failure is one upsert (failures are rare), and each replica reads the locked keys once a second, so
// a lock-out made on one replica holds on the others within that second. On PGlite (one process) the
// counts live in memory only.
import crypto from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { startPeriodic, type Periodic } from './periodic.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when RATE_LIMITS=off. */
    authFailures: AuthFailures | null;
  }
}

export interface AuthFailures {
  /** Whole seconds until every one of these keys is unlocked; 0 when none is locked. */
  lockedFor(keys: readonly string[]): number;
  /** Counts one failure for each key. */
  record(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface LockoutPolicy {
  limit: number;
  windowMs: number;
}

/**
 * The keys of a request: its address (an IPv6 address by its /64, which one host usually holds
 * whole), and the credential it presented (hashed: never stored as sent).
 */
export function failureKeys(request: FastifyRequest, credential: string | null): string[] {
  const keys = [`address:${normalizeIP(request.ip)}`];
  if (credential !== null) keys.push(`credential:${crypto.createHash('sha256').update(credential).digest('hex')}`);
  return keys;
}

/** The most keys one process tracks; past it the oldest entries go first. */
const MAX_ENTRIES = 100_000;
const SYNC_INTERVAL_MS = 1000;

/** Local counts and lock ends (epoch ms), bounded. */
class LocalLocks {
  private readonly counts = new Map<string, { failures: number; windowEnds: number }>();
  private readonly locks = new Map<string, number>();

  constructor(private readonly policy: LockoutPolicy) {}

  lockedFor(keys: readonly string[]): number {
    const now = Date.now();
    let until = 0;
    for (const key of keys) {
      const end = this.locks.get(key);
      if (end === undefined) continue;
      if (end <= now) this.locks.delete(key);
      else until = Math.max(until, end);
    }
    return until === 0 ? 0 : Math.ceil((until - now) / 1000);
  }

  lock(key: string, remainingMs: number): void {
    bounded(this.locks).set(key, Date.now() + remainingMs);
  }

  count(key: string): void {
    const now = Date.now();
    const entry = this.counts.get(key);
    const current = entry && entry.windowEnds > now ? entry : { failures: 0, windowEnds: now + this.policy.windowMs };
    current.failures += 1;
    this.counts.delete(key);
    bounded(this.counts).set(key, current);
    if (current.failures >= this.policy.limit) this.lock(key, current.windowEnds - now);
  }
}

function bounded<V>(map: Map<string, V>): Map<string, V> {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
  return map;
}

/** Counts a failed authentication of this request; a failure to count never fails the request. */
export async function recordAuthFailure(request: FastifyRequest, credential: string): Promise<void> {
  try {
    await request.server.authFailures?.record(failureKeys(request, credential));
  } catch (error) {
    request.log.error({ err: error }, 'counting a failed authentication failed');
  }
}

export function memoryAuthFailures(policy: LockoutPolicy): AuthFailures {
  const local = new LocalLocks(policy);
  return {
    lockedFor: (keys) => local.lockedFor(keys),
    record: async (keys) => {
      for (const key of keys) local.count(key);
    },
    close: async () => {},
  };
}

const RECORD = `
  INSERT INTO auth_failures AS f (key, failures, window_ends)
  SELECT k, 1, now() + $2::integer * interval '1 millisecond' FROM unnest($1::text[]) AS k
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN f.window_ends <= now() THEN 1 ELSE f.failures + 1 END,
    window_ends = CASE WHEN f.window_ends <= now() THEN EXCLUDED.window_ends ELSE f.window_ends END
  RETURNING key, failures, (extract(epoch FROM f.window_ends - now()) * 1000)::float8 AS remaining_ms`;

const LOCKED = `
  SELECT key, (extract(epoch FROM window_ends - now()) * 1000)::float8 AS remaining_ms
  FROM auth_failures WHERE failures >= $1 AND window_ends > now() LIMIT ${MAX_ENTRIES}`;

type Row = { key: string; failures?: number; remaining_ms: number };

export function sharedAuthFailures(db: Database, policy: LockoutPolicy, onError: (error: unknown) => void): AuthFailures {
  const local = new LocalLocks(policy);
  let ticks = 0;
  const sync: Periodic = startPeriodic(
    async () => {
      const { rows } = await db.query<Row>(LOCKED, [policy.limit]);
      for (const row of rows) local.lock(row.key, row.remaining_ms);
      // Old rows are pruned now and then (a DELETE that finds nothing writes nothing).
      if (ticks++ % 60 === 0) await db.query(`DELETE FROM auth_failures WHERE window_ends < now() - interval '1 hour'`);
    },
    { intervalMs: SYNC_INTERVAL_MS, onError },
  );
  return {
    lockedFor: (keys) => local.lockedFor(keys),
    record: async (keys) => {
      const { rows } = await db.query<Row>(RECORD, [keys, policy.windowMs]);
      for (const row of rows) if ((row.failures ?? 0) >= policy.limit) local.lock(row.key, row.remaining_ms);
    },
    close: () => sync.stop(),
  };
}
