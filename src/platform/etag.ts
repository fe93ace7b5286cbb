// Conditional GET for JSON reads: a strong ETag (the SHA-256 of the bytes, so every replica computes
// the same one) and a 304 without a body while the client's If-None-Match still names it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import { sha256 } from './crypto.js';

export const etagOf = (body: Buffer): string => `"${sha256(body).toString('base64url')}"`;

/** Sends serialized JSON with its ETag, or 304 when If-None-Match matches; `private`: answers belong to one organisation. */
export function sendTagged(request: FastifyRequest, reply: FastifyReply, body: Buffer, etag = etagOf(body)): FastifyReply {
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (fresh(request.headers, { etag })) return reply.code(304).send(null);
  return reply.type('application/json; charset=utf-8').send(body);
}
