// The Merchant API surface, mounted at /api/v2. Order of checks, as the vendor answers them:
// key and signature headers first (403), then the content format (400), then the body schema.
// Bodies are kept as bytes because the signature covers the exact raw request.
import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../platform/deps.js';
import { BODY_LIMIT_BYTES } from '../platform/limits.js';
import { findActiveMerchantKey } from '../organisations/repository.js';
import type { MerchantPrincipal } from '../organisations/service.js';
import { decryptSecret } from '../platform/crypto.js';
import { authErrors, badContentFormat, payloadTooLarge, sendMerchantError } from './errors.js';
import { registerMerchantSettingsRoutes } from '../webhooks/merchant-settings-routes.js';
import { registerMerchantRoutes } from './routes.js';
import { verify } from './signature.js';


declare module 'fastify' {
  interface FastifyRequest {
    /** The exact request bytes, for HMAC verification. */
    rawBody?: Buffer;
    merchant: MerchantPrincipal | null;
  }
  interface FastifyContextConfig {
    /** Merchant API routes that need no key or signature (ping). */
    merchantPublic?: boolean;
  }
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
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

/**
 * Decrypted merchant secrets, keyed on the stored ciphertext that the key lookup returns on every
 * request. The lookup itself is never skipped: a revoked key is not found and a rotated one comes
 * back with a new ciphertext (fresh IV), so neither can be served from here. Bounded; cleared when full.
 */
const SECRET_CACHE_SIZE = 1000;
const secrets = new WeakMap<Buffer, Map<string, string>>();

export function merchantSecret(secretKey: Buffer, encrypted: string): string {
  let cache = secrets.get(secretKey);
  if (!cache) secrets.set(secretKey, (cache = new Map()));
  let secret = cache.get(encrypted);
  if (secret === undefined) {
    secret = decryptSecret(secretKey, encrypted);
    if (cache.size >= SECRET_CACHE_SIZE) cache.clear();
    cache.set(encrypted, secret);
  }
  return secret;
}

/** findMerchant (organisations/service.ts) with the secret from the cache above. */
async function findMerchant(deps: Deps, key: string): Promise<MerchantPrincipal | null> {
  const row = await findActiveMerchantKey(deps.db, key);
  if (!row) return null;
  return { organisationId: row.organisation_id, key: row.key, secret: merchantSecret(deps.secretKey, row.secret_encrypted), features: row.features };
}

async function authenticate(deps: Deps, request: FastifyRequest): Promise<MerchantPrincipal> {
  const key = header(request, 'x-processing-key');
  if (!key) throw authErrors.noKey();
  const signature = header(request, 'x-processing-signature');
  if (!signature) throw authErrors.noSignature();
  const merchant = await findMerchant(deps, key);
  if (!merchant) throw authErrors.badKey();
  if (!verify(merchant.secret, request.rawBody ?? Buffer.alloc(0), signature)) throw authErrors.badSignature();
  return merchant;
}

export async function merchantPlugin(app: App, deps: Deps): Promise<void> {
  app.decorateRequest('merchant', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    done(null, undefined);
  });

  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.merchantPublic) return;
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
    // "Body must be a valid JSON object or array."
    if (parsed === null || typeof parsed !== 'object') throw badContentFormat();
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
  registerMerchantSettingsRoutes(app, deps);
}

/** The authenticated merchant; only valid inside the Merchant API. */
export function merchantOf(request: FastifyRequest): MerchantPrincipal {
  if (!request.merchant) throw authErrors.noKey();
  return request.merchant;
}
