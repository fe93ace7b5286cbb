// The organisation page: the way to the profile, users and roles, and API tokens.
import { escapeHtml } from '../platform/html.js';
import type { App } from '../platform/deps.js';
import { findOrganisation } from '../organisations/repository.js';
import { sendPage } from './layout.js';
import { PROFILE_PATH } from './profile-form-view.js';
import { profileTextsFor } from './profile-texts.js';
import type { ConsoleKit } from './plugin.js';
import { langOfRequest } from './session.js';
import { textsFor } from './texts.js';

export function registerOrganisationRoutes(app: App, kit: ConsoleKit): void {
  app.get('/app/organisation', { schema: { hide: true }, preHandler: kit.guard('organisation.read') }, async (request, reply) => {
    const lang = langOfRequest(request);
    const t = textsFor(lang);
    const signed = kit.signed(request);
    const organisation = await findOrganisation(kit.deps.db, signed.user.organisation_id);
    return sendPage(reply, {
      lang,
      title: t.organisation,
      section: 'organisation',
      signed,
      body: `<h1>${escapeHtml(organisation?.name ?? t.organisation)}</h1><div class="card"><ul><li><a href="${PROFILE_PATH}">${escapeHtml(profileTextsFor(lang).link)}</a></li><li><a href="/app/organisation/users">${escapeHtml(t.users)}</a></li><li><a href="/app/organisation/tokens">${escapeHtml(t.tokens)}</a></li></ul></div>`,
    });
  });
}
