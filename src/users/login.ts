// Sign-in: throttled, the same answer and about the same time for an unknown e-mail, a user without
// a password yet and a wrong password; on success a new session (the id the browser had before is
// never reused: fixation is impossible).
import type { Deps } from '../platform/deps.js';
import { clearAccount, lockedFor, recordFailure, throttleKeys } from './login-throttle.js';
import { verifyPassword } from './passwords.js';
import { findUsersByEmail, type UserRow } from './repository.js';
import { startSession } from './sessions.js';

export type LoginResult =
  | { ok: true; sessionId: string; user: UserRow }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export async function login(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { email: string; password: string; ip: string | null },
): Promise<LoginResult> {
  const keys = throttleKeys(input.email, input.ip);
  const locked = await lockedFor(deps.db, keys, deps.clock.now());
  if (locked > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: locked };

  const email = input.email.trim();
  const candidates = email.length > 0 && email.length <= 254 ? await findUsersByEmail(deps.db, email) : [];
  let user: UserRow | null = null;
  // One address in several organisations: the first whose password matches (oldest first).
  if (candidates.length === 0) await verifyPassword(null, input.password);
  for (const candidate of candidates) {
    if (await verifyPassword(candidate.password_hash, input.password)) {
      user = candidate;
      break;
    }
  }
  if (!user) {
    await recordFailure(deps.db, keys, deps.clock.now());
    return { ok: false, reason: 'invalid' };
  }
  await clearAccount(deps.db, keys);
  return { ok: true, sessionId: await startSession(deps, user), user };
}
