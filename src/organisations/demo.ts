// A newcomer's first start: an empty database gets a demo organisation whose credentials are
// printed once, so the first curl works at once. Never in production.
import type { Database } from '../db/database.js';
import { countOrganisations } from './repository.js';
import { createOrganisationIn, type CreatedOrganisation } from './create-organisation.js';

export async function ensureDemoOrganisation(db: Database, secretKey: Buffer): Promise<CreatedOrganisation | null> {
  // The common case, a database with organisations, needs no transaction (a restart stays fast).
  if ((await countOrganisations(db)) > 0) return null;
  return db.transaction(async (tx) => {
    // Two servers starting at once on one PostgreSQL: only one creates it.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('offerpay:demo'))");
    if ((await countOrganisations(tx)) > 0) return null;
    return createOrganisationIn(tx, secretKey, 'Demo organisation');
  });
}

export function demoBanner(demo: CreatedOrganisation, publicUrl: string): string {
  return [
    '',
    '  offerpay created a demo organisation on this empty database. Its credentials are shown only now:',
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
