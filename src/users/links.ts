// One-time links: an invitation (7 days) lets a new user choose a password; a reset (1 hour)
// lets a user choose a new one. The token is 256 random bits, stored hashed; redeeming it uses
// every open link of the user and ends all the user's sessions.
import type { Queryable } from '../db/database.js';
import type { Deps } from '../platform/deps.js';
import { randomToken, sha256 } from '../platform/crypto.js';
import * as links from './links-repository.js';
import { hashPassword, passwordProblem, type PasswordProblem } from './passwords.js';
import { findUserById, setPassword, type UserRow } from './repository.js';
import { deleteUserSessions } from './sessions-repository.js';

export const LINK_TTL_MS: Record<links.LinkPurpose, number> = { invitation: 7 * 24 * 3_600_000, reset: 3_600_000 };

const PATHS: Record<links.LinkPurpose, string> = { invitation: '/app/invitations/', reset: '/app/password/reset/' };

export interface IssuedLink {
  url: string;
  expiresAt: Date;
}

export async function issueLink(
  deps: Pick<Deps, 'config' | 'clock'>,
  q: Queryable,
  userId: string,
  purpose: links.LinkPurpose,
): Promise<IssuedLink> {
  const token = randomToken(32);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS[purpose]);
  await links.insertLink(q, { tokenHash: sha256(token), userId, purpose, now, expiresAt });
  return { url: `${deps.config.publicUrl}${PATHS[purpose]}${token}`, expiresAt };
}

const usable = (link: links.LinkRow | null, now: Date): link is links.LinkRow =>
  link !== null && link.used_at === null && link.expires_at.getTime() > now.getTime();

/** The user a link is for, while it is usable; null when unknown, used or expired. */
export async function linkUser(deps: Pick<Deps, 'db' | 'clock'>, token: string, purpose: links.LinkPurpose): Promise<UserRow | null> {
  if (token.length === 0 || token.length > 100) return null;
  const link = await links.findLink(deps.db, sha256(token), purpose);
  if (!usable(link, deps.clock.now())) return null;
  return findUserById(deps.db, link.user_id);
}

export type RedeemResult = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' } | { ok: false; reason: PasswordProblem };

/** Sets the password through the link, once. */
export async function redeemLink(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: string; purpose: links.LinkPurpose; password: string },
): Promise<RedeemResult> {
  const user = await linkUser(deps, input.token, input.purpose);
  if (!user) return { ok: false, reason: 'invalid' };
  const problem = passwordProblem(input.password, user);
  if (problem) return { ok: false, reason: problem };
  const hash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const link = await links.lockLink(tx, sha256(input.token), input.purpose);
    const now = deps.clock.now();
    if (!usable(link, now) || link.user_id !== user.id) return { ok: false as const, reason: 'invalid' as const };
    await setPassword(tx, user.id, hash);
    await links.useLinks(tx, user.id, now);
    await deleteUserSessions(tx, user.id);
    return { ok: true as const, user };
  });
}
