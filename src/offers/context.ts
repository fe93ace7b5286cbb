// The context of an Offers API request, built once per request after requireApiToken: the token's
// organisation, the token as the actor, and what the audit trail keeps of the request.
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../platform/api-auth.js';
import { requestMeta, type Context } from '../platform/context.js';
import type { Deps } from '../platform/deps.js';

export function contextOf(deps: Deps, request: FastifyRequest): Context {
  const principal = principalOf(request);
  return {
    deps,
    organisationId: principal.organisationId,
    actor: { kind: 'api_token', tokenId: principal.tokenId },
    request: requestMeta(request),
  };
}
