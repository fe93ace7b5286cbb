// A newcomer's first start: an empty database gets a demo organisation whose credentials are
// printed once, so the first curl works at once. Never in production.
import crypto from 'node:crypto';
import type { Database } from '../db/database.js';
import { randomToken } from '../platform/crypto.js';
import { hashPassword, passwordProblem } from '../users/passwords.js';
import { insertUser } from '../users/repository.js';
import { countOrganisations } from './repository.js';
import { createOrganisationIn, type CreatedOrganisation } from './create-organisation.js';

/** The demo organisation's console owner: signs in at /app/login. */
export interface DemoOwner {
  email: string;
  password: string;
}

export type DemoOrganisation = CreatedOrganisation & { owner: DemoOwner };

export const DEMO_OWNER_EMAIL = 'owner@demo.example';

/** A random password the policy accepts (a random one could, rarely, contain a common stem). */
function demoPassword(): string {
  for (;;) {
    const password = randomToken(15);
    if (!passwordProblem(password, { email: DEMO_OWNER_EMAIL, name: 'Demo owner' })) return password;
  }
}

export async function ensureDemoOrganisation(db: Database, secretKey: Buffer, now = new Date()): Promise<DemoOrganisation | null> {
  // The common case, a database with organisations, needs no transaction (a restart stays fast).
  if ((await countOrganisations(db)) > 0) return null;
  const password = demoPassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // Two servers starting at once on one PostgreSQL: only one creates it.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('offerpay:demo'))");
    if ((await countOrganisations(tx)) > 0) return null;
    const created = await createOrganisationIn(tx, secretKey, 'Demo organisation');
    const owner = { email: DEMO_OWNER_EMAIL, name: 'Demo owner', role: 'owner' as const, passwordHash };
    await insertUser(tx, { id: crypto.randomUUID(), organisationId: created.organisation.id, ...owner, now });
    return { ...created, owner: { email: DEMO_OWNER_EMAIL, password } };
  });
}

export function demoBanner(demo: DemoOrganisation, publicUrl: string): string {
  return [
    '',
    '  offerpay created a demo organisation on this empty database. Its credentials are shown only now.',
    '',
    '  Sign in to the console in a browser:',
    '',
    `    Console               ${publicUrl}/app/login`,
    `    Console e-mail        ${demo.owner.email}`,
    `    Console password      ${demo.owner.password}`,
    '',
    '  Or write programs against the APIs:',
    '',
    `    Offers API token      ${demo.apiToken}`,
    `    Merchant key          ${demo.merchant.key}`,
    `    Merchant secret       ${demo.merchant.secret}`,
    '',
    "  The same, ready to paste into a shell for the README's walk-through:",
    '',
    `    ${shellCredentials(demo, publicUrl)}`,
    '',
    `    API reference         ${publicUrl}/docs`,
    `    Try                   curl -H "Authorization: Bearer ${demo.apiToken}" ${publicUrl}/offers`,
    '',
  ].join('\n');
}

/** `TOKEN=…; KEY=…; SECRET=…; B=…`: the variables the README's walk-through uses (the values need no quoting). */
export const shellCredentials = (demo: CreatedOrganisation, publicUrl: string) =>
  `TOKEN=${demo.apiToken}; KEY=${demo.merchant.key}; SECRET=${demo.merchant.secret}; B=${publicUrl}`;

/** Every start says where it serves, so a restart (which prints no credentials) still shows the URL. */
export const servingLine = (publicUrl: string) => `offerpay is serving on ${publicUrl} (API reference: ${publicUrl}/docs)`;
