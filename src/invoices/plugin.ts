// The Merchant API surface, mounted at /api/v2. Order of checks, as the vendor answers them:
// key and signature headers first (403), then the content format (400), then the body schema.
// Bodies are kept as bytes because the signature covers the exact raw request; auth.ts checks the
// key and signature, the routes (routes.ts, sandbox-routes.ts, settings-routes.ts) import it, not this file.
import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../platform/deps.js';
import { BODY_LIMIT_BYTES } from '../platform/limits.js';
import { authenticate } from './auth.js';
import { authErrors, badContentFormat, payloadTooLarge, sendMerchantError } from './errors.js';
import { registerMerchantRoutes } from './routes.js';
import { registerSandboxRoutes } from './sandbox-routes.js';
import { registerMerchantSettingsRoutes } from './settings-routes.js';
import { registerWalletRoutes } from './wallet-routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Merchant API routes that need no key or signature (ping). */
    merchantPublic?: boolean;
  }
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type);
}

/** GET bodies are read here, not by Fastify, under the same limit. */
async function readBody(request: FastifyRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) throw payloadTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Mounts the Merchant API at /api/v2, in its own scope (its own body parsing and error format). */
export async function registerMerchantApi(app: App, deps: Deps): Promise<void> {
  await app.register(async (scope) => merchantPlugin(scope as App, deps), { prefix: '/api/v2' });
}

async function merchantPlugin(app: App, deps: Deps): Promise<void> {
  app.decorateRequest('merchant', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    done(null, undefined);
  });

  app.addHook('preValidation', async (request) => {
    // An unknown URL (or a known one with another method) reaches the not-found handler through
    // this hook: it answers the vendor's 403 whatever the body, so neither auth nor body is read.
    if (request.is404 || request.routeOptions.config.merchantPublic) return;
    // Fastify does not read GET bodies; the vendor's GET /transactions/info carries one, and it is signed.
    if (request.method === 'GET') request.rawBody = await readBody(request);
    request.merchant = await authenticate(deps, request);
    if (request.method === 'GET' && request.rawBody!.length === 0) {
      request.body = request.query; // older clients put the parameters in the query string
      return;
    }
    // Every other call must send JSON (at least `{}`), declared as application/json.
    if (!isJson(request) || !request.rawBody || request.rawBody.length === 0) throw badContentFormat();
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw badContentFormat();
    }
    // "Body must be a valid JSON object or array." The literal `null` is read as `{}`: the public Go client
    // sends it to accounts/list, currencies/list and currencies/pairs, and its sandbox tests expect results.
    // The signature was checked over the raw bytes `null` above.
    if (parsed === null) parsed = {};
    if (typeof parsed !== 'object') throw badContentFormat();
    request.body = parsed;
  });

  app.setErrorHandler((error, request, reply) => sendMerchantError(request, reply, error));
  app.setNotFoundHandler((request, reply) => sendMerchantError(request, reply, authErrors.noKey()));

  app.get('/ping', {
    config: { merchantPublic: true },
    schema: { tags: ['Merchant API'], summary: 'Health check (no authentication)', security: [] },
    handler: async (_request, reply) => reply.type('text/plain').send('OK'),
  });

  registerMerchantRoutes(app, deps);
  registerSandboxRoutes(app, deps);
  registerMerchantSettingsRoutes(app, deps);
  registerWalletRoutes(app, deps);
}
