// Who sells, editable: the organisation profile and its logo, through the admin API
// (/admin/organisations/{id}/profile, with ADMIN_TOKEN) and the Offers API (/organisation, with an API
// token: offer:read to read, offer:write to change; an offerpay extension), and the logo's public URL.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiTokenResolver } from './service.js';
import { apiTokenContext, requireApiToken } from '../platform/api-auth.js';
import { requestMeta, type Context } from '../platform/context.js';
import type { App, Deps } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { problem, ProblemResponses } from '../platform/schemas.js';
import { requireAdminToken } from './admin-routes.js';
import { MAX_LOGO_BYTES } from './logo-image.js';
import { loadLogoBytes, removeLogo, setLogo } from './logo.js';
import { loadProfile } from './profile.js';
import { ProfilePatch, ProfileRead } from './profile-schemas.js';
import { profileView } from './profile-view.js';
import { updateProfile } from './update-profile.js';

const EXTENSION = 'x-offerpay-extension: not part of the Fynn API.';
const LogoResult = Type.Object({ logoMediaId: Type.String({ format: 'uuid' }), logoUrl: Type.String() });
const LOGO_TYPES = ['image/png', 'image/jpeg', 'application/octet-stream'];
const LOGO_BODY = `The body is the PNG or JPEG itself (Content-Type image/png, image/jpeg or application/octet-stream; the bytes decide), at most ${MAX_LOGO_BYTES / 1024} KB, 16–4000 px a side.`;
const errors = { ...ProblemResponses, 403: problem('The token lacks the permission'), 422: problem('The profile is invalid') };
const logoErrors = {
  ...errors,
  413: problem('The logo is too large'),
  415: problem('Not image/png, image/jpeg or application/octet-stream'),
};

async function getProfile(ctx: Context) {
  const profile = await loadProfile(ctx.deps.db, ctx.organisationId);
  if (!profile) throw notFound('Organisation');
  const { organisationId: _id, displayName: _name, ...stored } = profile;
  return profileView(ctx.deps.config.publicUrl, ctx.organisationId, stored);
}

function logoBytes(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body))
    throw new AppError('unsupported_media_type', 'Send the logo as image/png, image/jpeg or application/octet-stream.');
  return request.body;
}

const noContent = (reply: FastifyReply) => reply.status(204).send(null);

export function registerProfileRoutes(app: App, deps: Deps): void {
  const admin = deps.config.adminToken ? requireAdminToken(deps.config.adminToken) : null;
  const adminCtx = (request: FastifyRequest): Context => ({
    deps,
    organisationId: (request.params as { id: string }).id,
    actor: { kind: 'admin' },
    request: requestMeta(request),
  });
  const read = requireApiToken(apiTokenResolver(deps.db), 'offer:read');
  const write = requireApiToken(apiTokenResolver(deps.db), 'offer:write');
  const adminCommon = { tags: ['Admin'], security: [{ AdminToken: [] }], params: Type.Object({ id: Type.String({ format: 'uuid' }) }) };
  const apiCommon = { tags: ['Organisation'] };
  app.addSchema(ProfileRead);
  const profile = Type.Ref(ProfileRead);

  if (admin) {
    app.get('/admin/organisations/:id/profile', {
      onRequest: admin,
      schema: { ...adminCommon, summary: "The organisation's profile (who sells)", response: { 200: profile, ...errors } },
      handler: async (request) => getProfile(adminCtx(request)),
    });
    app.patch('/admin/organisations/:id/profile', {
      onRequest: admin,
      schema: {
        ...adminCommon,
        summary: "Change the organisation's profile (JSON merge patch)",
        body: ProfilePatch,
        response: { 200: profile, ...errors },
      },
      handler: async (request) => updateProfile(adminCtx(request), request.body),
    });
  }
  app.get('/organisation', {
    onRequest: read,
    schema: {
      ...apiCommon,
      summary: 'Your organisation profile (who sells)',
      description: EXTENSION,
      response: { 200: profile, ...errors },
    },
    handler: async (request) => getProfile(apiTokenContext(deps, request)),
  });
  app.patch('/organisation', {
    onRequest: write,
    schema: {
      ...apiCommon,
      summary: 'Change your organisation profile (JSON merge patch: null clears a field)',
      description: `${EXTENSION} Needs offer:write.`,
      body: ProfilePatch,
      response: { 200: profile, ...errors },
    },
    handler: async (request) => updateProfile(apiTokenContext(deps, request), request.body),
  });

  // Raw image bodies only in this scope.
  void app.register(async (plain) => {
    const scope = plain as unknown as App;
    scope.addContentTypeParser(LOGO_TYPES, { parseAs: 'buffer', bodyLimit: MAX_LOGO_BYTES }, (_request, body, done) => done(null, body));
    const put = { summary: 'Set the logo (PNG or JPEG)', response: { 200: LogoResult, ...logoErrors } };
    const del = { summary: 'Remove the logo', response: { 204: Type.Null(), ...errors } };
    if (admin) {
      scope.put('/admin/organisations/:id/profile/logo', {
        onRequest: admin,
        schema: { ...adminCommon, ...put, description: LOGO_BODY },
        handler: async (request) => setLogo(adminCtx(request), logoBytes(request)),
      });
      scope.delete('/admin/organisations/:id/profile/logo', {
        onRequest: admin,
        schema: { ...adminCommon, ...del },
        handler: async (request, reply) => {
          await removeLogo(adminCtx(request));
          return noContent(reply);
        },
      });
    }
    scope.put('/organisation/logo', {
      onRequest: write,
      schema: { ...apiCommon, ...put, description: `${EXTENSION} Needs offer:write. ${LOGO_BODY}` },
      handler: async (request) => setLogo(apiTokenContext(deps, request), logoBytes(request)),
    });
    scope.delete('/organisation/logo', {
      onRequest: write,
      schema: { ...apiCommon, ...del, description: `${EXTENSION} Needs offer:write.` },
      handler: async (request, reply) => {
        await removeLogo(apiTokenContext(deps, request));
        return noContent(reply);
      },
    });
  });

  app.get('/media/logo/:organisationId/:logoId', {
    schema: {
      tags: ['Organisation'],
      security: [],
      summary: "An organisation's logo (public; the URL changes when the logo does, so it is cached for a year)",
      params: Type.Object({ organisationId: Type.String(), logoId: Type.String() }),
      response: { 404: problem('No such logo') },
    },
    handler: async (request, typedReply) => {
      const { organisationId, logoId } = request.params;
      const logo = await loadLogoBytes(deps.db, { organisationId, logoMediaId: logoId });
      if (!logo) throw notFound('Logo');
      const reply = typedReply as FastifyReply;
      reply
        .header('content-type', logo.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', `"${logo.sha256}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'");
      if (request.headers['if-none-match'] === `"${logo.sha256}"`) return reply.status(304).send(null);
      return reply.send(logo.bytes);
    },
  });
}
