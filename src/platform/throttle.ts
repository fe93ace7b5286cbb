// Throttling, in two layers, both off with RATE_LIMITS=off:
// 1. Requests per client address per window, per surface (@fastify/rate-limit, in this process's
//    memory: each replica limits the share of traffic it receives).
// 2. The lock-out after failed authentication (auth-failures.ts), shared on PostgreSQL.
// Both answer 429 with Retry-After, in the surface's own error format. Health, readiness and the
// API documentation are never throttled (a load balancer polls them).
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from './api-auth.js';
import { failureKeys, memoryAuthFailures, sharedAuthFailures, type AuthFailures } from './auth-failures.js';
import type { App, Deps } from './deps.js';
import { TooManyRequests } from './errors.js';
import { escapeHtml } from './html.js';
import { pageSecurityHeaders } from './page-security.js';
import { sendProblem } from './problem.js';

export type Surface = 'admin' | 'offers' | 'merchant' | 'public';

/** Which surface a URL belongs to; null for operations (health, readiness, documentation). */
export function surfaceOf(url: string): Surface | null {
  const path = url.split('?')[0]!;
  if (path === '/api/v2' || path.startsWith('/api/v2/')) return 'merchant';
  if (path === '/admin' || path.startsWith('/admin/') || path === '/metrics') return 'admin';
  if (/^\/(o|invoice|public)\//.test(path) || /^\/media\/[^/]+\/download\/[^/]/.test(path)) return 'public';
  if (['/', '/healthz', '/readyz', '/openapi.json'].includes(path) || path === '/docs' || path.startsWith('/docs/')) return null;
  return 'offers';
}

/** Sends a 429 in one surface's error format (with Retry-After). */
export type TooManyResponder = (request: FastifyRequest, reply: FastifyReply, error: TooManyRequests) => FastifyReply;

/** Public pages: people get a page (the recipient's offer, the payer's invoice); scripts a problem document. */
export const publicTooMany: TooManyResponder = (request, reply, error) => {
  const page = request.method === 'GET' ? /^\/(o|invoice)\/[^/?]+(\?|$)/ : /^\/o\//;
  if (!page.test(request.url)) return sendProblem(request, reply, error);
  const text = `Too many requests. Please try again in ${error.retryAfterSeconds} seconds.`;
  return pageSecurityHeaders(reply)
    .status(429)
    .header('retry-after', String(error.retryAfterSeconds))
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many requests</title></head><body><main><h1>Too many requests</h1><p>${escapeHtml(text)}</p></main></body></html>`,
    );
};

/** The credential a request presents on its surface: null when none, undefined where none is asked for. */
function credentialOf(surface: Surface, request: FastifyRequest): string | null | undefined {
  if (surface === 'public') return undefined;
  if (surface !== 'merchant') return bearerToken(request);
  if (request.routeOptions.config.merchantPublic) return undefined;
  const key = request.headers['x-processing-key'];
  return typeof key === 'string' && key.length > 0 ? key : null;
}

function lockoutStore(app: App, deps: Deps): AuthFailures {
  const policy = { limit: deps.config.limits.authFailureLimit, windowMs: deps.config.limits.authFailureWindowMs };
  if (deps.db.engine !== 'postgres') return memoryAuthFailures(policy);
  return sharedAuthFailures(deps.db, policy, (err) => app.log.error({ err }, 'reading failed authentications failed'));
}

export async function registerThrottling(app: App, deps: Deps, respond: Record<Surface, TooManyResponder>): Promise<void> {
  const limits = deps.config.limits;
  if (!limits.throttling) {
    app.decorate('authFailures', null);
    return;
  }
  const failures = lockoutStore(app, deps);
  app.decorate('authFailures', failures);
  app.addHook('onClose', () => failures.close());

  await app.register(rateLimit, { global: false });
  const limiter = (surface: Surface) => app.createRateLimit({ max: limits.requestsPerWindow[surface], timeWindow: limits.windowMs });
  const limiters = { admin: limiter('admin'), offers: limiter('offers'), merchant: limiter('merchant'), public: limiter('public') };

  app.addHook('onRequest', async (request, reply) => {
    const surface = surfaceOf(request.url);
    if (surface === null) return;
    const limit = await limiters[surface](request);
    if (!limit.isAllowed && limit.isExceeded) {
      return respond[surface](request, reply, new TooManyRequests(Math.max(1, limit.ttlInSeconds)));
    }
    const credential = credentialOf(surface, request);
    if (credential === undefined) return;
    const seconds = failures.lockedFor(failureKeys(request, credential));
    if (seconds > 0) {
      const message = `Too many failed authentications from this address or with this credential; retry after ${seconds} seconds.`;
      return respond[surface](request, reply, new TooManyRequests(seconds, message));
    }
  });
}
