// Idempotency-Key on the Offers API's POST requests, as Stripe has it: the first request with a key
// runs and its answer (status, content type, encrypted body) is kept for 24 hours; a retry with the same key
// and the same request gets that answer again, marked `Idempotent-Replayed: true`, and changes
// nothing. Keys belong to the organisation. Requests refused before they ran (authentication, schema
// validation) keep no answer; a 5xx releases the key, so that a retry runs again.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from './api-auth.js';
import { decryptSecret, encryptSecret, sha256 } from './crypto.js';
import type { App, Deps } from './deps.js';
import { AppError } from './errors.js';
import * as repo from './idempotency-repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The key this request claimed and must answer, when it sent one. */
    idempotencyKey: string | null;
  }
}

export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60_000;
/** How long a first request may run before a retry is told its outcome is unknown. */
const LOCK_MS = 60_000;

/** The header, for the route schemas (validated there, documented in /openapi.json). */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x20-\\x7e]+$',
      description:
        'Up to 255 printable ASCII characters (a UUID, say). A retry with the same key and request replays the first answer for 24 hours.',
    }),
  ),
});

const fingerprintOf = (request: FastifyRequest): Buffer =>
  sha256(`${request.method}\n${request.url}\n${JSON.stringify(request.body ?? null)}`);

/** A preHandler, after the token check: claims the key, or answers from it. */
export function idempotent(deps: Pick<Deps, 'db' | 'clock' | 'secretKey'>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') return;
    // A multipart body is read by the handler itself, so no fingerprint can cover it.
    if (/^multipart\//i.test(request.headers['content-type'] ?? ''))
      throw new AppError(
        'bad_request',
        'Idempotency-Key is not supported on multipart requests: send the JSON form of the request, or no key.',
      );
    const { organisationId } = principalOf(request);
    const now = deps.clock.now();
    const fingerprint = fingerprintOf(request);
    const claim = {
      organisationId,
      key,
      fingerprint,
      lockedUntil: new Date(now.getTime() + LOCK_MS),
      now,
      expiredBefore: new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS),
    };
    // Twice at most: a key released (5xx) or pruned between the claim and the read is claimed anew.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await repo.claimKey(deps.db, claim)) {
        request.idempotencyKey = key;
        return;
      }
      const stored = await repo.findKey(deps.db, organisationId, key);
      if (!stored) continue;
      if (!stored.fingerprint.equals(fingerprint)) {
        throw new AppError(
          'unprocessable',
          'This Idempotency-Key was used for another request (method, path or body). Send a new key for a new request.',
        );
      }
      if (stored.response_status === null) {
        throw new AppError(
          'conflict',
          stored.locked_until > now
            ? 'A request with this Idempotency-Key is still running. Retry when it has finished.'
            : 'The first request with this Idempotency-Key did not finish, so its outcome is unknown. Check the resource, then send a new key.',
        );
      }
      reply.code(stored.response_status).header('idempotent-replayed', 'true');
      if (stored.response_content_type) reply.type(stored.response_content_type);
      return reply.send(decryptSecret(deps.secretKey, stored.response_body ?? ''));
    }
    throw new AppError('conflict', 'A request with this Idempotency-Key is still running. Retry when it has finished.');
  };
}

/** Keeps the answer of every request that claimed a key (registered once, for all routes). */
export function registerIdempotency(app: App, deps: Pick<Deps, 'db' | 'secretKey'>): void {
  app.decorateRequest('idempotencyKey', null);
  // A callback hook, not an async one: every reply passes here, and nearly all carry no key.
  app.addHook('onSend', (request, reply, payload, done) => {
    const key = request.idempotencyKey;
    if (key === null) return done(null, payload);
    request.idempotencyKey = null;
    void keepAnswer(deps, request, reply, key, payload).then(() => done(null, payload));
  });
}

/** Never throws: the reply goes out whatever happens here. */
async function keepAnswer(
  deps: Pick<Deps, 'db' | 'secretKey'>,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  payload: unknown,
): Promise<void> {
  try {
    const { organisationId } = principalOf(request);
    if (reply.statusCode >= 500 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      await repo.releaseKey(deps.db, organisationId, key);
    } else {
      const contentType = reply.getHeader('content-type');
      // Encrypted: answers carry what is kept only encrypted or hashed elsewhere (recipient links, webhook secrets).
      const body = encryptSecret(deps.secretKey, payload.toString());
      await repo.answerKey(deps.db, organisationId, key, reply.statusCode, typeof contentType === 'string' ? contentType : null, body);
    }
  } catch (error) {
    // The request itself is done (and committed): its answer still goes out. A retry is told the
    // outcome is unknown once the lock has passed, rather than running twice.
    request.log.error({ err: error }, 'could not keep the answer of an idempotent request');
  }
}
