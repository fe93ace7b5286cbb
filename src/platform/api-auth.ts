// Offers API authentication: `Authorization: Bearer api_…`, one token = one organisation.
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { authenticateApiToken, type ApiPrincipal } from '../organisations/service.js';
import type { Scope } from '../organisations/credentials.js';
import { safeEqual } from './crypto.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: ApiPrincipal | null;
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * A preHandler that authenticates the request and checks one scope; sets `request.principal`.
 * `withOffersListVersion` also reads the organisation's offers list version in the same query.
 */
export function requireApiToken(db: Database, scope: Scope, options: { withOffersListVersion?: boolean } = {}) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw new AppError('unauthorized', 'Send an API token as "Authorization: Bearer api_…".');
    const principal = await authenticateApiToken(db, token, options);
    if (!principal) throw new AppError('unauthorized', 'The API token is invalid or revoked.');
    if (!principal.scopes.includes(scope)) throw new AppError('forbidden', `The API token lacks the "${scope}" permission.`);
    request.principal = principal;
  };
}

/**
 * A preHandler that admits only one configured token (ADMIN_TOKEN, METRICS_TOKEN), compared in
 * constant time; the 401 names it.
 */
export function requireConfiguredToken(expected: string, variable: string, what: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (!token || !safeEqual(token, expected)) throw new AppError('unauthorized', `Send the ${what} as "Authorization: Bearer <${variable}>".`);
  };
}

/** The authenticated organisation; only valid behind requireApiToken. */
export function principalOf(request: FastifyRequest): ApiPrincipal {
  if (!request.principal) throw new AppError('unauthorized', 'Not authenticated.');
  return request.principal;
}
