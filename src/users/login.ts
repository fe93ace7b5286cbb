// Sign-in: throttled, the same answer and about the same time for an unknown e-mail, a user without
// a password yet and a wrong password; on success a new session (the id the browser had before is
// never reused: fixation is impossible). One address with accounts in several organisations whose
// password matches gets no session yet: the caller offers the choice (users/account-choice.ts).
import type { Deps } from '../platform/deps.js';
import { clearAccount, lockedFor, recordFailure, throttleKeys } from './login-throttle.js';
import { verifyPassword } from './passwords.js';
import { findUsersByEmail, type UserRow } from './repository.js';
import { startSession } from './sessions.js';

type Refused = { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export type VerifyResult = { ok: true; users: UserRow[] } | Refused;

export type LoginResult = { ok: true; sessionId: string; user: UserRow } | { ok: true; choose: UserRow[] } | Refused;

/** Every account of the address whose password matches (oldest first), throttled like sign-in; no session. */
export async function verifyLogin(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { email: string; password: string; ip: string | null },
): Promise<VerifyResult> {
  const keys = throttleKeys(input.email, input.ip);
  const locked = await lockedFor(deps.db, keys, deps.clock.now());
  if (locked > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: locked };

  const email = input.email.trim();
  const candidates = email.length > 0 && email.length <= 254 ? await findUsersByEmail(deps.db, email) : [];
  if (candidates.length === 0) await verifyPassword(null, input.password);
  // Every candidate is checked (not only up to the first match): the choice lists all that match.
  const users: UserRow[] = [];
  for (const candidate of candidates) if (await verifyPassword(candidate.password_hash, input.password)) users.push(candidate);
  if (users.length === 0) {
    await recordFailure(deps.db, keys, deps.clock.now());
    return { ok: false, reason: 'invalid' };
  }
  await clearAccount(deps.db, keys);
  return { ok: true, users };
}

export async function login(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { email: string; password: string; ip: string | null },
): Promise<LoginResult> {
  const verified = await verifyLogin(deps, input);
  if (!verified.ok) return verified;
  if (verified.users.length > 1) return { ok: true, choose: verified.users };
  const user = verified.users[0]!;
  return { ok: true, sessionId: await startSession(deps, user), user };
}
