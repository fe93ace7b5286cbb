// Media of offers (signed PDFs, audit trails, purchase orders): downloads with the API token
// (`media:read`) and short-lived shareable links, read through the media store (documents/media-store.ts);
// another organisation's media is a 404 like an unknown id.
import { apiTokenResolver } from '../organisations/service.js';
import { Type } from '@sinclair/typebox';
import { getMedia as findMedia, type StoredMedia } from '../documents/media-store.js';
import { apiTokenContext, requireApiToken } from '../platform/api-auth.js';
import type { Context } from '../platform/context.js';
import { randomToken, sha256 } from '../platform/crypto.js';
import type { App, Deps } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { IdempotencyHeaders, idempotent } from '../platform/idempotency.js';
import { problem, UUID } from '../platform/schemas.js';
import { isoDate } from '../platform/time.js';
import * as repo from './public/repository.js';
import { fileOf } from './public/documents.js';
import { sendFile } from './public/routes.js';

export const DOWNLOAD_TOKEN_TTL_MS = 15 * 60 * 1000;

function mediaId(raw: string): string {
  if (!UUID.test(raw)) throw notFound('Media');
  return raw.toLowerCase();
}

/** The organisation's media; 404 for another organisation's, like an unknown id. */
export async function getMedia(ctx: Context, input: { mediaId: string }): Promise<StoredMedia> {
  const media = await findMedia(ctx.deps, ctx.organisationId, mediaId(input.mediaId));
  if (!media) throw notFound('Media');
  return media;
}

export async function createDownloadToken(ctx: Context, input: { mediaId: string }) {
  const { deps, organisationId } = ctx;
  const media = await getMedia(ctx, input);
  const token = randomToken(32);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + DOWNLOAD_TOKEN_TTL_MS);
  await repo.insertDownloadToken(deps.db, { hash: sha256(token), organisationId, mediaId: media.id, expiresAt, createdAt: now });
  return { token, expiresAt: isoDate(expiresAt), url: `${deps.config.publicUrl}/media/${media.id}/download/${token}` };
}

/**
 * A shareable link: the token is the credential (no organisation, no actor before it resolves).
 * 404 for an unknown token (or one minted for another media), 410 once expired.
 */
export async function mediaByToken(deps: Deps, { mediaId: rawId, token }: { mediaId: string; token: string }): Promise<StoredMedia> {
  const id = mediaId(rawId);
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound('Media');
  const row = await repo.findDownloadToken(deps.db, sha256(token), id);
  if (!row) throw notFound('Media');
  if (row.expires_at.getTime() <= deps.clock.now().getTime()) throw new AppError('expired', 'The download link has expired.');
  const media = await findMedia(deps, row.organisation_id, id);
  if (!media) throw notFound('Media');
  return media;
}

const Params = Type.Object({ id: Type.String({ description: 'Media ID (UUID)' }) });
const TokenParams = Type.Object({ id: Type.String({ description: 'Media ID (UUID)' }), token: Type.String() });
const DownloadToken = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  url: Type.String({ description: 'GET it without authentication until expiresAt' }),
});

export function registerMediaRoutes(app: App, deps: Deps): void {
  const read = requireApiToken(apiTokenResolver(deps.db), 'media:read');
  const once = idempotent(deps);
  const tags = ['Media'];
  const errors = {
    401: problem('Missing or invalid token'),
    403: problem('The token lacks media:read'),
    404: problem('Media not found or in another organisation'),
  };

  app.get('/media/:id/download', {
    onRequest: read,
    schema: { tags, summary: 'Download a document (signed PDF, audit trail, purchase order)', params: Params, response: { ...errors } },
    handler: async (request, reply) =>
      sendFile(reply, await fileOf(await getMedia(apiTokenContext(deps, request), { mediaId: request.params.id })), request),
  });

  app.post('/media/:id/download-token', {
    onRequest: read,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      tags,
      summary: `Mint a shareable download link (valid ${DOWNLOAD_TOKEN_TTL_MS / 60000} minutes)`,
      params: Params,
      response: { 201: DownloadToken, ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createDownloadToken(apiTokenContext(deps, request), { mediaId: request.params.id })),
  });

  app.get('/media/:id/download/:token', {
    schema: {
      tags,
      security: [],
      summary: 'Download through a shareable link (no authentication)',
      params: TokenParams,
      response: { 404: problem('Unknown link'), 410: problem('The link expired') },
    },
    handler: async (request, reply) =>
      sendFile(reply, await fileOf(await mediaByToken(deps, { mediaId: request.params.id, token: request.params.token })), request),
  });
}
