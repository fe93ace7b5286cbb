// Console sessions: a random 256-bit id in the cookie, only its SHA-256 in the database; an idle
// and an absolute timeout; a CSRF token derived from the id with the server's key, so it is bound
// to the session and needs no storage.
import crypto from 'node:crypto';
import type { Deps } from '../platform/deps.js';
import { randomToken, safeEqual, sha256 } from '../platform/crypto.js';
import * as repo from './sessions-repository.js';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/** SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS (positive integers) override the defaults. */
export function sessionPolicyFrom(env: Record<string, string | undefined>): SessionPolicy {
  const read = (name: string, unitMs: number, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if (!/^\d{1,6}$/.test(raw) || Number(raw) === 0) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
    return Number(raw) * unitMs;
  };
  return {
    idleMs: read('SESSION_IDLE_MINUTES', 60_000, DEFAULT_SESSION_POLICY.idleMs),
    absoluteMs: read('SESSION_ABSOLUTE_HOURS', 3_600_000, DEFAULT_SESSION_POLICY.absoluteMs),
  };
}

/** Whether a session that began at `createdAt` and was last used at `lastSeenAt` still holds at `now`. */
export function sessionAlive(s: { createdAt: Date; lastSeenAt: Date }, now: Date, policy: SessionPolicy): boolean {
  const t = now.getTime();
  return t - s.lastSeenAt.getTime() < policy.idleMs && t - s.createdAt.getTime() < policy.absoluteMs;
}

/** Last-use time is written at most this often: a page of requests costs one write, not one each. */
const TOUCH_EVERY_MS = 30_000;

export async function startSession(deps: Pick<Deps, 'db' | 'clock'>, user: { id: string; organisation_id: string }): Promise<string> {
  const id = randomToken(32);
  await repo.insertSession(deps.db, { idHash: sha256(id), userId: user.id, organisationId: user.organisation_id, now: deps.clock.now() });
  return id;
}

export type SessionUser = repo.SessionWithUser['user'];

/** The session's user, or null when the id is unknown or the session timed out (then its row goes). */
export async function resumeSession(deps: Pick<Deps, 'db' | 'clock'>, id: string, policy: SessionPolicy): Promise<SessionUser | null> {
  if (id.length === 0 || id.length > 100) return null;
  const idHash = sha256(id);
  const session = await repo.findSession(deps.db, idHash);
  if (!session) return null;
  const now = deps.clock.now();
  if (!sessionAlive({ createdAt: session.created_at, lastSeenAt: session.last_seen_at }, now, policy)) {
    await repo.deleteSession(deps.db, idHash);
    return null;
  }
  if (now.getTime() - session.last_seen_at.getTime() >= TOUCH_EVERY_MS) await repo.touchSession(deps.db, idHash, now);
  return session.user;
}

export const endSession = (deps: Pick<Deps, 'db'>, id: string) => repo.deleteSession(deps.db, sha256(id));

export const endAllSessions = (deps: Pick<Deps, 'db'>, userId: string) => repo.deleteUserSessions(deps.db, userId);

/** The synchronizer token of the session: HMAC of its id under the server's key. */
export const csrfToken = (secretKey: Buffer, sessionId: string): string =>
  crypto.createHmac('sha256', secretKey).update(`csrf:${sessionId}`).digest('base64url');

export const csrfValid = (secretKey: Buffer, sessionId: string, given: unknown): boolean =>
  typeof given === 'string' && given.length > 0 && safeEqual(csrfToken(secretKey, sessionId), given);
