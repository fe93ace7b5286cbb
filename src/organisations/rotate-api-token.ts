// Replaces an API token by a new one with the same label and scopes, in one transaction: the new
// token works and the old one is refused from the same moment on.
import type { Context } from '../platform/context.js';
import { forgetCredentials } from '../platform/credential-cache.js';
import { AppError, notFound } from '../platform/errors.js';
import { isoDate } from '../platform/time.js';
import { issueApiToken } from './issue.js';
import * as repo from './repository.js';

export async function rotateApiToken(ctx: Context, input: { tokenId: string }) {
  const { deps, organisationId } = ctx;
  const issued = await deps.db.transaction(async (tx) => {
    // Looked up in the caller's organisation: another organisation's token is unknown here.
    const old = (await repo.listApiTokens(tx, organisationId)).find((row) => row.id === input.tokenId);
    if (!old) throw notFound('API token');
    if (old.revoked_at) throw new AppError('conflict', 'This token is revoked already; create a new one.');
    if (!(await repo.revokeApiToken(tx, old.id))) throw new AppError('conflict', 'This token is revoked already; create a new one.');
    const { token, row } = await issueApiToken(tx, organisationId, old.scopes, old.label);
    return { id: row.id, token, label: row.label, scopes: row.scopes, createdAt: isoDate(row.created_at), replaced: old.id };
  });
  forgetCredentials(deps.db); // the old token is refused here at once, on other replicas within CREDENTIAL_TTL_MS
  return issued;
}
