// Use cases of an organisation's API tokens (the admin API). A token names its holder through
// `label` (approval policies list approvers by token); the token itself is shown once, at issue.
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { isoDate } from '../platform/time.js';
import { SCOPES, type Scope } from './credentials.js';
import { issueApiToken } from './issue.js';
import * as repo from './repository.js';
import { tokenView } from './serialize.js';
import { forgetCredentials } from '../platform/credential-cache.js';

export async function createApiToken(ctx: Context, input: { scopes?: readonly Scope[]; label?: string } = {}) {
  const { organisationId } = ctx;
  return ctx.deps.db.transaction(async (tx) => {
    if (!(await repo.findOrganisation(tx, organisationId))) throw notFound('Organisation');
    const { token, row } = await issueApiToken(tx, organisationId, input.scopes ?? SCOPES, input.label?.trim() || null);
    return { id: row.id, token, label: row.label, scopes: row.scopes, createdAt: isoDate(row.created_at) };
  });
}

/** The organisation's tokens, revoked ones included; never the token itself. */
export async function listApiTokens(ctx: Context) {
  const { db } = ctx.deps;
  if (!(await repo.findOrganisation(db, ctx.organisationId))) throw notFound('Organisation');
  return (await repo.listApiTokens(db, ctx.organisationId)).map(tokenView);
}

/** Renames a token; approval requests made before keep the label they recorded. Addressed by token id alone. */
export async function relabelApiToken(ctx: Context<null>, input: { tokenId: string; label: string | null }) {
  const row = await repo.setApiTokenLabel(ctx.deps.db, input.tokenId, input.label?.trim() || null);
  if (!row) throw notFound('API token');
  return tokenView(row);
}

/** Revoking a revoked token is fine (idempotent); an unknown one is a 404. */
export async function revokeApiToken(ctx: Context<null>, input: { tokenId: string }): Promise<void> {
  const { db } = ctx.deps;
  const revoked = await repo.revokeApiToken(db, input.tokenId);
  // This replica refuses the token from now on; other replicas within CREDENTIAL_TTL_MS.
  if (revoked) forgetCredentials(db);
  else if (!(await repo.apiTokenExists(db, input.tokenId))) throw notFound('API token');
}
