// What other contexts and code outside a request use of organisations: the bearer-token resolver,
// merchant-key lookup, and creating an organisation from the CLI, benchmarks and tests. The admin
// API's use cases are one file each (create-organisation.ts, api-tokens.ts, …).
import type { ApiPrincipal, ApiTokenResolver } from '../platform/api-auth.js';
import type { Database, Queryable } from '../db/database.js';
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

/** The resolver every bearer-authenticated route passes to requireApiToken (GET /offers: offers/list-version.ts). */
export const apiTokenResolver =
  (q: Queryable): ApiTokenResolver =>
  (token) =>
    authenticateApiToken(q, token);

/** Looks a bearer token up by its SHA-256; the raw token is never stored or compared. */
export async function authenticateApiToken(q: Queryable, token: string): Promise<ApiPrincipal | null> {
  const row = await repo.findActiveApiTokenByHash(q, sha256(token));
  return row ? { organisationId: row.organisation_id, tokenId: row.id, scopes: row.scopes } : null;
}
