// Sign-in throttling: failures counted per account (the e-mail as typed, whether or not it exists,
// so the answer never tells) and per client address, in a sliding window, in the database (shared
// by replicas on PostgreSQL).
import type { Queryable } from '../db/database.js';
import { sha256 } from '../platform/crypto.js';
import * as repo from './login-failures-repository.js';

export interface ThrottlePolicy {
  windowMs: number;
  perAccount: number;
  perAddress: number;
}

export const LOGIN_THROTTLE: ThrottlePolicy = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

export interface ThrottleKeys {
  account: Buffer;
  address: Buffer;
}

export const throttleKeys = (email: string, ip: string | null): ThrottleKeys => ({
  account: sha256(`account:${email.trim().toLowerCase()}`),
  address: sha256(`address:${ip ?? 'unknown'}`),
});

/** Seconds until the next attempt is allowed when `failures` (oldest first) reached `limit`; 0 when allowed now. */
export function lockedSeconds(failures: readonly Date[], limit: number, now: Date, windowMs: number): number {
  if (failures.length < limit) return 0;
  const oldest = failures[failures.length - limit]!;
  return Math.max(0, Math.ceil((oldest.getTime() + windowMs - now.getTime()) / 1000));
}

export async function lockedFor(q: Queryable, keys: ThrottleKeys, now: Date, policy = LOGIN_THROTTLE): Promise<number> {
  const since = new Date(now.getTime() - policy.windowMs);
  const [account, address] = [
    await repo.recentFailures(q, keys.account, since, policy.perAccount),
    await repo.recentFailures(q, keys.address, since, policy.perAddress),
  ];
  return Math.max(
    lockedSeconds(account, policy.perAccount, now, policy.windowMs),
    lockedSeconds(address, policy.perAddress, now, policy.windowMs),
  );
}

export async function recordFailure(q: Queryable, keys: ThrottleKeys, now: Date, policy = LOGIN_THROTTLE): Promise<void> {
  await repo.pruneFailures(q, new Date(now.getTime() - policy.windowMs));
  await repo.insertFailure(q, keys.account, now);
  await repo.insertFailure(q, keys.address, now);
}

/** A successful sign-in forgives the account's failures (the address's stay: it may be guessing others). */
export const clearAccount = (q: Queryable, keys: ThrottleKeys) => repo.clearFailures(q, keys.account);
