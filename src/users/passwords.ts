// Passwords: Argon2id hashes (OWASP's parameters: 19 MiB, 2 passes), a minimum length, and a
// refusal of what guessing lists try first. Unknown accounts are verified against a dummy hash, so
// a sign-in takes as long whether or not the e-mail exists.
import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORD_STEMS } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

// algorithm 2 is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

let dummy: Promise<string> | undefined;

/** Whether `password` matches `stored`; with no stored hash, the same work against a dummy, and false. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummy ??= hashPassword('dummy password that never matches');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'personal' | 'repetitive';

/** Why `password` is refused, or null. `person` is the account's e-mail and name (a password must not contain them). */
export function passwordProblem(password: string, person: { email: string; name: string }): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  // Four or fewer different characters ("aaaaaaaaaaaa", "abababababab") is a pattern, not a secret.
  if (new Set(lower).size <= 4) return 'repetitive';
  // Leetspeak undone: p@ssw0rd is password.
  const folded = lower
    .replace(/[@4]/g, 'a')
    .replace(/0/g, 'o')
    .replace(/[1!]/g, 'i')
    .replace(/3/g, 'e')
    .replace(/[$5]/g, 's')
    .replace(/7/g, 't');
  if (COMMON_PASSWORD_STEMS.some((stem) => lower.includes(stem) || folded.includes(stem))) return 'common';
  const parts = [person.email.split('@')[0] ?? '', ...person.name.split(/\s+/)].map((p) => p.toLowerCase()).filter((p) => p.length >= 3);
  if (parts.some((p) => lower.includes(p))) return 'personal';
  return null;
}

export const PASSWORD_RULES: Record<PasswordProblem, { en: string; de: string }> = {
  too_short: {
    en: `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
    de: `Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen haben.`,
  },
  too_long: {
    en: `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`,
    de: `Das Passwort darf höchstens ${MAX_PASSWORD_LENGTH} Zeichen haben.`,
  },
  common: {
    en: 'The password is built on one of the most used passwords; choose another.',
    de: 'Das Passwort beruht auf einem der häufigsten Passwörter; bitte ein anderes wählen.',
  },
  personal: {
    en: 'The password must not contain your name or e-mail address.',
    de: 'Das Passwort darf weder Ihren Namen noch Ihre E-Mail-Adresse enthalten.',
  },
  repetitive: {
    en: 'The password repeats too few characters; choose a less regular one.',
    de: 'Das Passwort wiederholt zu wenige Zeichen; bitte ein weniger regelmäßiges wählen.',
  },
};
