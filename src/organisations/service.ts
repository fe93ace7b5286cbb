// Use cases for organisations and their credentials. Secrets are returned once, never stored in the clear.
import type { ApiPrincipal, ApiTokenResolver } from '../platform/api-auth.js';
import crypto from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { encryptSecret, sha256 } from '../platform/crypto.js';
import { notFound } from '../platform/errors.js';
import { isoDate } from '../platform/time.js';
import { newApiToken, newMerchantCredentials, SCOPES, type Scope } from './credentials.js';
import * as repo from './repository.js';

export interface CredentialsContext {
  db: Database;
  secretKey: Buffer;
}

export interface OrganisationView {
  id: string;
  name: string;
  createdAt: string;
}

export interface CreatedOrganisation {
  organisation: OrganisationView;
  apiToken: string;
  merchant: { key: string; secret: string };
}

const view = (row: repo.OrganisationRow): OrganisationView => ({ id: row.id, name: row.name, createdAt: isoDate(row.created_at) });

async function issueApiToken(q: Queryable, organisationId: string, scopes: readonly Scope[], label: string | null = null) {
  const { token, hash, prefix } = newApiToken();
  const row = await repo.insertApiToken(q, { id: crypto.randomUUID(), organisationId, hash, prefix, scopes, label });
  return { token, row };
}

async function issueMerchantKey(q: Queryable, secretKey: Buffer, organisationId: string) {
  const credentials = newMerchantCredentials();
  await repo.insertMerchantKey(q, {
    id: crypto.randomUUID(),
    organisationId,
    key: credentials.key,
    secretEncrypted: encryptSecret(secretKey, credentials.secret),
  });
  return credentials;
}

/** Creates an organisation with one API token and one merchant key pair, inside the caller's transaction. */
export async function createOrganisationIn(q: Queryable, secretKey: Buffer, name: string): Promise<CreatedOrganisation> {
  const row = await repo.insertOrganisation(q, crypto.randomUUID(), name);
  const { token } = await issueApiToken(q, row.id, SCOPES);
  const merchant = await issueMerchantKey(q, secretKey, row.id);
  return { organisation: view(row), apiToken: token, merchant };
}

export function createOrganisation(ctx: CredentialsContext, input: { name: string }): Promise<CreatedOrganisation> {
  return ctx.db.transaction((tx) => createOrganisationIn(tx, ctx.secretKey, input.name));
}

export async function listOrganisations(ctx: CredentialsContext, page: { limit: number; offset: number }) {
  const { rows, total } = await repo.listOrganisations(ctx.db, page.limit, page.offset);
  return { data: rows.map((r) => ({ ...view(r), features: r.features })), total };
}

const tokenView = (row: repo.ApiTokenRow) => ({
  id: row.id,
  label: row.label,
  prefix: row.token_prefix,
  scopes: row.scopes,
  createdAt: isoDate(row.created_at),
  revokedAt: isoDate(row.revoked_at),
});

/** A token names its holder through `label` (approval policies list approvers by token). */
export async function createApiToken(ctx: CredentialsContext, organisationId: string, input: { scopes?: readonly Scope[]; label?: string } = {}) {
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.findOrganisation(tx, organisationId))) throw notFound('Organisation');
    const { token, row } = await issueApiToken(tx, organisationId, input.scopes ?? SCOPES, input.label?.trim() || null);
    return { id: row.id, token, label: row.label, scopes: row.scopes, createdAt: isoDate(row.created_at) };
  });
}

/** The organisation's tokens, revoked ones included; never the token itself. */
export async function listApiTokens(ctx: CredentialsContext, organisationId: string) {
  if (!(await repo.findOrganisation(ctx.db, organisationId))) throw notFound('Organisation');
  return (await repo.listApiTokens(ctx.db, organisationId)).map(tokenView);
}

/** Renames a token; approval requests made before keep the label they recorded. */
export async function relabelApiToken(ctx: CredentialsContext, tokenId: string, label: string | null) {
  const row = await repo.setApiTokenLabel(ctx.db, tokenId, label?.trim() || null);
  if (!row) throw notFound('API token');
  return tokenView(row);
}

export async function revokeApiToken(ctx: CredentialsContext, tokenId: string): Promise<void> {
  if (!(await repo.revokeApiToken(ctx.db, tokenId)) && !(await repo.apiTokenExists(ctx.db, tokenId))) throw notFound('API token');
}

/** Replaces the organisation's merchant key pair: the old pair stops working at once. */
export async function rotateMerchantKey(ctx: CredentialsContext, organisationId: string) {
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.findOrganisation(tx, organisationId))) throw notFound('Organisation');
    await repo.revokeMerchantKeys(tx, organisationId);
    return issueMerchantKey(tx, ctx.secretKey, organisationId);
  });
}

export async function updateFeatures(ctx: CredentialsContext, organisationId: string, features: Partial<repo.Features>) {
  const merged = await repo.mergeFeatures(ctx.db, organisationId, features);
  if (!merged) throw notFound('Organisation');
  return merged;
}

/** The resolver every bearer-authenticated route passes to requireApiToken. */
export const apiTokenResolver =
  (q: Queryable, options: { withOffersListVersion?: boolean } = {}): ApiTokenResolver =>
  (token) =>
    authenticateApiToken(q, token, options);

/** Looks a bearer token up by its SHA-256; the raw token is never stored or compared. */
export async function authenticateApiToken(q: Queryable, token: string, options: { withOffersListVersion?: boolean } = {}): Promise<ApiPrincipal | null> {
  if (options.withOffersListVersion) {
    const row = await repo.findActiveApiTokenByHash(q, sha256(token), true);
    return row ? { organisationId: row.organisation_id, tokenId: row.id, scopes: row.scopes, offersListVersion: row.offers_list_version } : null;
  }
  const row = await repo.findActiveApiTokenByHash(q, sha256(token));
  return row ? { organisationId: row.organisation_id, tokenId: row.id, scopes: row.scopes } : null;
}
