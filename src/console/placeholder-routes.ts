// The screens the navigation names that are not built yet: each says so and points to the API,
// and the organisation page leads to users and roles, API tokens and the profile.
import { escapeHtml } from '../platform/html.js';
import type { App } from '../platform/deps.js';
import { findOrganisation } from '../organisations/repository.js';
import { sendPage } from './layout.js';
import { PROFILE_PATH } from './profile-form-view.js';
import { profileTextsFor } from './profile-texts.js';
import type { ConsoleKit } from './plugin.js';
import { langOfRequest } from './session.js';
import { textsFor } from './texts.js';

const SCREENS = [
  ['approvals', '/app/approvals', '#/Approvals'],
  ['templates', '/app/templates', '#/Offer%20templates'],
  ['payments', '/app/payments', '#/Merchant'],
] as const;

export function registerPlaceholderRoutes(app: App, kit: ConsoleKit): void {
  for (const [section, url, anchor] of SCREENS) {
    app.get(url, { schema: { hide: true }, preHandler: kit.guard('offers.read') }, (request, reply) => {
      const lang = langOfRequest(request);
      const t = textsFor(lang);
      return sendPage(reply, {
        lang,
        title: t[section],
        section,
        signed: kit.signed(request),
        body: `<h1>${escapeHtml(t[section])}</h1><div class="card"><p>${escapeHtml(t.notBuilt)} <a href="/docs${anchor}">${escapeHtml(t.apiReference)}</a></p></div>`,
      });
    });
  }

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
      body: `<h1>${escapeHtml(organisation?.name ?? t.organisation)}</h1><div class="card"><ul><li><a href="/app/organisation/users">${escapeHtml(t.users)}</a></li><li><a href="/app/organisation/tokens">${escapeHtml(t.tokens)}</a></li>
<li><a href="${PROFILE_PATH}">${escapeHtml(profileTextsFor(lang).link)}</a></li></ul></div>`,
    });
  });
}
