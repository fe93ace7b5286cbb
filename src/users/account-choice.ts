// The organisation chooser's proof that a password was verified: a short-lived token naming the
// accounts whose password matched, signed with the server's key (HMAC-SHA256), so it cannot be
// forged or widened. Each account is bound to a fingerprint of its password hash: a password changed
// (or the account removed) since the sign-in voids that account's entry. Choosing spends the token
// (its hash is kept until it expires), so one verified password starts one session.
import crypto from 'node:crypto';
import type { Deps } from '../platform/deps.js';
import { randomToken, safeEqual, sha256 } from '../platform/crypto.js';
import { findUserById, type UserRow } from './repository.js';
import { startSession } from './sessions.js';

export const CHOICE_TTL_MS = 5 * 60_000;

interface ChoicePayload {
  /** [user id, password fingerprint] of each account verified. */
  a: [string, string][];
  /** Expiry, ms since the epoch. */
  e: number;
  /** Random: two sign-ins within the same millisecond still get tokens that are spent apart. */
  n: string;
}

const fingerprint = (user: Pick<UserRow, 'password_hash'>) =>
  sha256(`choice:${user.password_hash ?? ''}`)
    .toString('base64url')
    .slice(0, 22);
const mac = (key: Buffer, body: string) => crypto.createHmac('sha256', key).update(`account-choice:${body}`).digest('base64url');

export function issueChoice(deps: Pick<Deps, 'secretKey' | 'clock'>, users: readonly UserRow[]): string {
  const payload: ChoicePayload = {
    a: users.map((u) => [u.id, fingerprint(u)]),
    e: deps.clock.now().getTime() + CHOICE_TTL_MS,
    n: randomToken(9),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(deps.secretKey, body)}`;
}

function readChoice(deps: Pick<Deps, 'secretKey' | 'clock'>, token: string): ChoicePayload | null {
  if (token.length > 4000) return null;
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || !safeEqual(mac(deps.secretKey, body), signature)) return null;
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ChoicePayload;
  return payload.e > deps.clock.now().getTime() ? payload : null;
}

/** The accounts the token still vouches for (unexpired, each password unchanged); empty when none. */
export async function choiceAccounts(deps: Pick<Deps, 'db' | 'secretKey' | 'clock'>, token: string): Promise<UserRow[]> {
  const payload = readChoice(deps, token);
  return payload ? accountsOf(deps, payload) : [];
}

async function accountsOf(deps: Pick<Deps, 'db'>, payload: ChoicePayload): Promise<UserRow[]> {
  const users: UserRow[] = [];
  for (const [id, print] of payload.a) {
    const user = await findUserById(deps.db, id);
    if (user && safeEqual(fingerprint(user), print)) users.push(user);
  }
  return users;
}

/** The form's CSRF token for the chooser: bound to the choice token the browser holds in its cookie. */
export const choiceCsrf = (secretKey: Buffer, token: string): string =>
  crypto.createHmac('sha256', secretKey).update(`account-choice-csrf:${token}`).digest('base64url');

/** A new session for `userId` when the token vouches for that account; null otherwise. */
export async function chooseAccount(
  deps: Pick<Deps, 'db' | 'secretKey' | 'clock'>,
  token: string,
  userId: string,
): Promise<{ sessionId: string; user: UserRow } | null> {
  const payload = readChoice(deps, token);
  const user = payload && (await accountsOf(deps, payload)).find((u) => u.id === userId);
  if (!payload || !user) return null;
  const now = deps.clock.now();
  await deps.db.query('DELETE FROM account_choice_uses WHERE expires_at < $1', [now]);
  const spent = await deps.db.query(
    'INSERT INTO account_choice_uses (token_hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
    [sha256(`account-choice-use:${token}`), new Date(payload.e)],
  );
  return spent.rows.length > 0 ? { sessionId: await startSession(deps, user), user } : null;
}
