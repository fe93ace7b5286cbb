// Creates an organisation with one API token (all scopes) and one merchant key pair; their secrets
// are shown only in this answer.
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { Context } from '../platform/context.js';
import { SCOPES } from './credentials.js';
import { issueApiToken, issueMerchantKey } from './issue.js';
import * as repo from './repository.js';
import { organisationView, type OrganisationView } from './serialize.js';

export interface CreatedOrganisation {
  organisation: OrganisationView;
  apiToken: string;
  merchant: { key: string; secret: string };
}

/** The work itself, inside the caller's transaction (the demo organisation runs it under a lock). */
export async function createOrganisationIn(q: Queryable, secretKey: Buffer, name: string): Promise<CreatedOrganisation> {
  const row = await repo.insertOrganisation(q, crypto.randomUUID(), name);
  const { token } = await issueApiToken(q, row.id, SCOPES);
  const merchant = await issueMerchantKey(q, secretKey, row.id);
  return { organisation: organisationView(row), apiToken: token, merchant };
}

/** The admin API's use case: no organisation exists yet, so the context names none. */
export function createOrganisation(ctx: Context<null>, input: { name: string }): Promise<CreatedOrganisation> {
  return ctx.deps.db.transaction((tx) => createOrganisationIn(tx, ctx.deps.secretKey, input.name));
}
