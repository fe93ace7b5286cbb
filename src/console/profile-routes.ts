// The organisation profile screen for owners and admins (organisation.manage): the fields go through
// the same schema and use case as the Offers API's PATCH /organisation, the logo through the same use
// cases as PUT and DELETE /organisation/logo (PNG or JPEG by its bytes, at most 512 KB). The logo form
// is multipart, parsed in a scope of its own before the console's CSRF check reads its `_csrf` field.
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_LOGO_BYTES } from '../organisations/logo-image.js';
import { removeLogo, setLogo } from '../organisations/logo.js';
import { loadProfile } from '../organisations/profile.js';
import { profileView } from '../organisations/profile-view.js';
import { updateProfile } from '../organisations/update-profile.js';
import type { App } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { sendPage } from './layout.js';
import type { ConsoleKit } from './plugin.js';
import { patchOf, valuesFrom, valuesOf, type FormValues } from './profile-form.js';
import { PROFILE_PATH, profileFormView, type ProfileNotice } from './profile-form-view.js';
import { profileTextsFor } from './profile-texts.js';
import { localiseError } from './error-texts.js';
import { langOfRequest } from './session.js';

export function registerProfileRoutes(app: App, kit: ConsoleKit): void {
  const manage = { schema: { hide: true }, preHandler: kit.guard('organisation.manage') };
  const { deps } = kit;
  const textsOf = (request: FastifyRequest) => profileTextsFor(langOfRequest(request));

  const send = async (request: FastifyRequest, reply: FastifyReply, notice: ProfileNotice, status = 200, typed?: FormValues) => {
    const ctx = kit.context(request);
    const stored = await loadProfile(deps.db, ctx.organisationId);
    if (!stored) throw notFound('Organisation');
    const { organisationId: _id, displayName: _name, ...fields } = stored;
    // A relative logo URL: the page is served by this host, whatever PUBLIC_URL says.
    const view = profileView('', ctx.organisationId, fields);
    const page = profileFormView(langOfRequest(request), kit.signed(request), typed ?? valuesOf(view), view.logoUrl, notice);
    return sendPage(reply.header('cache-control', 'no-store'), page, status);
  };

  app.get(PROFILE_PATH, manage, (request, reply) => {
    const t = textsOf(request);
    const done = (request.query as Record<string, string | undefined>).done;
    const texts: Record<string, string> = { saved: t.saved, logo: t.logoSaved, 'logo-removed': t.logoRemoved };
    return send(request, reply, { done: done ? texts[done] : undefined });
  });

  app.post(PROFILE_PATH, manage, async (request, reply) => {
    const t = textsOf(request);
    const typed = valuesFrom((request.body ?? {}) as Record<string, unknown>);
    const lang = langOfRequest(request);
    const result = patchOf(typed, t.taxRateNumber, lang);
    if ('violations' in result) return send(request, reply, { error: t.invalid, violations: result.violations }, 400, typed);
    try {
      await updateProfile(kit.context(request), result.patch);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 422) throw error;
      return send(request, reply, { error: t.invalid, violations: localiseError(error, lang).violations }, 422, typed);
    }
    return reply.redirect(`${PROFILE_PATH}?done=saved`, 303);
  });

  app.post(`${PROFILE_PATH}/logo/remove`, manage, async (request, reply) => {
    await removeLogo(kit.context(request));
    return reply.redirect(`${PROFILE_PATH}?done=logo-removed`, 303);
  });

  void app.register(async (plain) => {
    const scope = plain as unknown as App;
    // Fields and the one file land in request.body ({_csrf: string, logo: Buffer}) before preHandler.
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_LOGO_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
    });
    scope.post(`${PROFILE_PATH}/logo`, { ...manage, bodyLimit: MAX_LOGO_BYTES + 64 * 1024 }, async (request, reply) => {
      const t = textsOf(request);
      const logo = (request.body as Record<string, unknown> | undefined)?.logo;
      if (!Buffer.isBuffer(logo) || logo.length === 0) return send(request, reply, { error: t.logoMissing }, 400);
      try {
        await setLogo(kit.context(request), logo);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 422) throw error;
        return send(request, reply, { error: t.logoInvalid, violations: localiseError(error, langOfRequest(request)).violations }, 422);
      }
      return reply.redirect(`${PROFILE_PATH}?done=logo`, 303);
    });
  });
}
