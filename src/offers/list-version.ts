// The organisation's offers list version (offer_list_versions, bumped by triggers in every transaction
// that writes offers or recipients: migration 10) read together with the API token, so GET /offers
// authenticates and learns whether its cached page is current in one round trip (list-cache.ts).
import type { Queryable } from '../db/database.js';
import type { ActiveApiToken } from '../organisations/repository.js';
import { apiTokenResolver } from '../organisations/service.js';
import type { ApiTokenResolver } from '../platform/api-auth.js';
import { sha256 } from '../platform/crypto.js';

// The columns and conditions of the active-token lookup (organisations/repository.ts), plus the version.
const ACTIVE_TOKEN_WITH_OFFERS_LIST_VERSION = `SELECT t.id, t.organisation_id, t.scopes,
       coalesce((SELECT v.version FROM offer_list_versions v WHERE v.organisation_id = t.organisation_id), 0)::text AS offers_list_version
  FROM api_tokens t WHERE t.token_hash = $1 AND t.revoked_at IS NULL`;

export async function findActiveApiTokenWithListVersion(
  q: Queryable,
  hash: Buffer,
): Promise<(ActiveApiToken & { offers_list_version: string }) | null> {
  const { rows } = await q.query<ActiveApiToken & { offers_list_version: string }>(ACTIVE_TOKEN_WITH_OFFERS_LIST_VERSION, [hash], {
    prepare: true,
  });
  return rows[0] ?? null;
}

/**
 * The resolver for GET /offers: the principal carries `offersListVersion` when the list cache is on;
 * without the cache it is the plain token lookup.
 */
export function offersListTokenResolver(q: Queryable, withVersion: boolean): ApiTokenResolver {
  if (!withVersion) return apiTokenResolver(q);
  return async (token) => {
    const row = await findActiveApiTokenWithListVersion(q, sha256(token));
    return row
      ? { organisationId: row.organisation_id, tokenId: row.id, scopes: row.scopes, offersListVersion: row.offers_list_version }
      : null;
  };
}
