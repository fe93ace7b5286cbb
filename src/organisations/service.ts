// What other contexts and code outside a request use of organisations: the bearer-token resolver,
// merchant-key lookup, and creating an organisation from the CLI, benchmarks and tests. The admin
// API's use cases are one file each (create-organisation.ts, api-tokens.ts, …).
import type { ApiPrincipal, ApiTokenResolver } from '../platform/api-auth.js';
import type { Database, Queryable } from '../db/database.js';
import { cachedCredential } from '../platform/credential-cache.js';
import { sha256 } from '../platform/crypto.js';
import { createOrganisationIn, type CreatedOrganisation } from './create-organisation.js';
import * as repo from './repository.js';

export type { CreatedOrganisation } from './create-organisation.js';

export interface CredentialsContext {
  db: Database;
  secretKey: Buffer;
}

/** Creates an organisation outside any request (`offerpay org create`, benchmarks, tests). */
export function createOrganisation(ctx: CredentialsContext, input: { name: string }): Promise<CreatedOrganisation> {
  return ctx.db.transaction((tx) => createOrganisationIn(tx, ctx.secretKey, input.name));
}

/**
 * The resolver every bearer-authenticated route passes to requireApiToken (GET /offers: offers/list-version.ts).
 * A verified token is kept for a few seconds by its hash (platform/credential-cache.ts; revoking forgets it).
 */
export const apiTokenResolver =
  (q: Queryable): ApiTokenResolver =>
  (token) => {
    const hash = sha256(token);
    return cachedCredential(q, `api:${hash.toString('base64')}`, () => principalByHash(q, hash));
  };

/** Looks a bearer token up by its SHA-256; the raw token is never stored or compared. */
export function authenticateApiToken(q: Queryable, token: string): Promise<ApiPrincipal | null> {
  return principalByHash(q, sha256(token));
}

async function principalByHash(q: Queryable, hash: Buffer): Promise<ApiPrincipal | null> {
  const row = await repo.findActiveApiTokenByHash(q, hash);
  return row ? { organisationId: row.organisation_id, tokenId: row.id, scopes: row.scopes } : null;
}
