// The one calling shape of every use case: `useCase(ctx, input)`. Routes build the context once,
// after authentication; use cases never look at the HTTP request or parse raw bodies.
import type { FastifyRequest } from 'fastify';
import type { Deps } from './deps.js';

/** Who acts. Approvals, activities and audit trails name the actor. */
export type Actor =
  | { kind: 'api_token'; tokenId: string }
  | { kind: 'merchant'; key: string }
  | { kind: 'recipient' }
  | { kind: 'admin' }
  /** A person signed in to the console (users/), acting for their organisation. */
  | { kind: 'user'; userId: string; name: string }
  | { kind: 'system'; name: string };

/** What the audit trail keeps of the request that caused a change (none for background work). */
export interface RequestMeta {
  id: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * `organisationId` is the tenant every query is scoped to. On the recipient's side it is `null`
 * until the link token resolves (the token is the credential, and it names the organisation).
 */
export interface Context<Org extends string | null = string> {
  deps: Deps;
  organisationId: Org;
  actor: Actor;
  request: RequestMeta | null;
  /** A Merchant API request of a merchant in live mode: served by the live payment network, not the sandbox. */
  live?: boolean;
}

const USER_AGENT_MAX = 500;

export function requestMeta(request: FastifyRequest): RequestMeta {
  const agent = request.headers['user-agent'];
  return { id: request.id, ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, USER_AGENT_MAX) : null };
}

/** A context for work that no request started (workers, the CLI). */
export function systemContext(deps: Deps, organisationId: string, name: string): Context {
  return { deps, organisationId, actor: { kind: 'system', name }, request: null };
}

/** The acting API token's id, when the actor is one (approvals name people by token). */
export const tokenIdOf = (actor: Actor): string | undefined => (actor.kind === 'api_token' ? actor.tokenId : undefined);
