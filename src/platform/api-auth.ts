// Offers API authentication: `Authorization: Bearer api_…`, one token = one organisation.
import type { FastifyRequest } from 'fastify';
import { recordAuthFailure } from './auth-failures.js';
import { safeEqualTo } from './crypto.js';
import { requestMeta, type Context } from './context.js';
import type { Deps } from './deps.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: ApiPrincipal | null;
  }
}

/** The organisation an API token acts for, and what it may do. */
export interface ApiPrincipal {
  organisationId: string;
  tokenId: string;
  scopes: readonly string[];
  /** The organisation's offers list version, when the resolver reads it with the token (offers/list-cache.ts). */
  offersListVersion?: string;
}

/** Looks a bearer token up; null when it is unknown or revoked. Passed in by the context that owns tokens. */
export type ApiTokenResolver = (token: string) => Promise<ApiPrincipal | null>;

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** An onRequest hook that authenticates the request and checks one scope; sets `request.principal`. It runs before the body is read or validated, so an unauthenticated request gets its 401 first. */
export function requireApiToken(resolve: ApiTokenResolver, scope: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw new AppError('unauthorized', 'Send an API token as "Authorization: Bearer api_…".');
    const principal = await resolve(token);
    if (!principal) {
      await recordAuthFailure(request, token);
      throw new AppError('unauthorized', 'The API token is invalid or revoked.');
    }
    if (!principal.scopes.includes(scope)) throw new AppError('forbidden', `The API token lacks the "${scope}" permission.`);
    request.principal = principal;
  };
}

/**
 * An onRequest hook that admits only one configured token (ADMIN_TOKEN, METRICS_TOKEN), compared in
 * constant time; the 401 names it.
 */
export function requireConfiguredToken(expected: string, variable: string, what: string) {
  const isExpected = safeEqualTo(expected);
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (token && isExpected(token)) return;
    if (token) await recordAuthFailure(request, token);
    throw new AppError('unauthorized', `Send the ${what} as "Authorization: Bearer <${variable}>".`);
  };
}

/** The authenticated organisation; only valid behind requireApiToken. */
export function principalOf(request: FastifyRequest): ApiPrincipal {
  if (!request.principal) throw new AppError('unauthorized', 'Not authenticated.');
  return request.principal;
}

/** The context of a bearer-authenticated request: the token's organisation, the token as the actor. Built once, behind requireApiToken. */
export function apiTokenContext(deps: Deps, request: FastifyRequest): Context {
  const principal = principalOf(request);
  return {
    deps,
    organisationId: principal.organisationId,
    actor: { kind: 'api_token', tokenId: principal.tokenId },
    request: requestMeta(request),
  };
}
