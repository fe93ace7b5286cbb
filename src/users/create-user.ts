// Creating a user (admin API, CLI, console, demo): with a password, or with an invitation link that
// is e-mailed when SMTP_URL is set and otherwise handed back to whoever invited.
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { Deps } from '../platform/deps.js';
import { AppError, notFound, type Violation } from '../platform/errors.js';
import { langOf } from '../platform/locale-format.js';
import { findOrganisation } from '../organisations/repository.js';
import { issueLink } from './links.js';
import { sendUserEmail, userEmail } from './mail.js';
import { hashPassword, PASSWORD_RULES, passwordProblem } from './passwords.js';
import { isRole, ROLES, type Role } from './permissions.js';
import { insertUser, type UserRow } from './repository.js';

export interface NewUser {
  email: string;
  name: string;
  role: string;
  password?: string | undefined;
}

export interface CreatedUser {
  user: PublicUser;
  /** Present when no password was given: the link, unless it was e-mailed. */
  invitation: { emailed: boolean; link: string | null; expiresAt: Date } | null;
}

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Whether the user chose a password (an invited user has none until the link is used). */
  active: boolean;
  createdAt: Date;
}

export const publicUser = (
  u: Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'created_at'> & { password_hash?: string | null },
): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.password_hash !== null && u.password_hash !== undefined,
  createdAt: u.created_at,
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The input's problems in the admin API's violation format (English), none when valid. */
export function newUserViolations(input: NewUser): Violation[] {
  const violations: Violation[] = [];
  const email = input.email.trim();
  if (email.length > 254 || !EMAIL.test(email))
    violations.push({ propertyPath: 'email', message: 'This value is not a valid e-mail address.' });
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) violations.push({ propertyPath: 'name', message: 'The name must be 1 to 200 characters.' });
  if (!isRole(input.role)) violations.push({ propertyPath: 'role', message: `The role must be one of ${ROLES.join(', ')}.` });
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, { email, name });
    if (problem) violations.push({ propertyPath: 'password', message: PASSWORD_RULES[problem].en });
  }
  return violations;
}

export const duplicateEmail = () => new AppError('conflict', 'A user with this e-mail address already exists in the organisation.');

/** Inserts the user inside `tx` (no e-mail yet); the invitation link when no password is given. */
export async function insertNewUser(
  deps: Pick<Deps, 'config' | 'clock'>,
  tx: Queryable,
  organisationId: string,
  input: NewUser,
  passwordHash: string | null,
) {
  const user = await insertUser(tx, {
    id: crypto.randomUUID(),
    organisationId,
    email: input.email.trim(),
    name: input.name.trim(),
    role: input.role as Role,
    passwordHash,
    now: deps.clock.now(),
  });
  if (!user) throw duplicateEmail();
  const link = passwordHash === null ? await issueLink(deps, tx, user.id, 'invitation') : null;
  return { user, link };
}

/**
 * Creates the user. `returnLink` hands the invitation link back even when it was e-mailed (the CLI
 * prints it); otherwise an e-mailed link is not shown to the inviter.
 */
export async function createUser(
  deps: Pick<Deps, 'config' | 'clock' | 'db'>,
  organisationId: string,
  input: NewUser,
  options: { returnLink?: boolean; lang?: 'de' | 'en' } = {},
): Promise<CreatedUser> {
  const violations = newUserViolations(input);
  // The admin API answers a body that breaks its schema with 422; a body that breaks these rules alike.
  if (violations.length > 0) throw new AppError('unprocessable', 'The user is invalid.', violations);
  const organisation = await findOrganisation(deps.db, organisationId);
  if (!organisation) throw notFound('Organisation');
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const { user, link } = await deps.db.transaction((tx) => insertNewUser(deps, tx, organisationId, input, passwordHash));
  if (!link) return { user: publicUser(user), invitation: null };
  const email = userEmail('invitation', {
    to: user.email,
    organisation: organisation.name,
    link: link.url,
    lang: options.lang ?? langOf('en'),
  });
  const emailed = await sendUserEmail(deps, email);
  return {
    user: publicUser(user),
    invitation: { emailed, link: emailed && !options.returnLink ? null : link.url, expiresAt: link.expiresAt },
  };
}
