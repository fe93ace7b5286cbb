// The console at /app and the admin API for people: one plugin. Inside its scope every request
// resolves the session cookie; a page without a session redirects to sign-in; every POST comes
// from this server's own pages and, when signed in, carries the session's CSRF token; errors
// answer as pages.
import type { FastifyRequest } from 'fastify';
import { classifyError } from '../platform/classify-error.js';
import { requestMeta, type Context } from '../platform/context.js';
import type { App, Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { escapeHtml } from '../platform/html.js';
import { requireSameOrigin } from '../platform/page-security.js';
import { registerUserAdminRoutes } from '../users/admin-routes.js';
import { can, type Action } from '../users/permissions.js';
import { csrfToken, csrfValid, resumeSession, sessionPolicyFrom, type SessionPolicy } from '../users/sessions.js';
import { registerApprovalsRoutes } from './approvals-routes.js';
import { registerAssetRoutes } from './assets.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerOfferActionRoutes } from './offer-actions-routes.js';
import { registerOfferEditorRoutes } from './offer-editor-routes.js';
import { sendPage, type Signed } from './layout.js';
import { registerOfferRoutes } from './offers-routes.js';
import { registerPaymentsRoutes } from './payments-routes.js';
import { registerOrgChooserRoutes } from './org-chooser-routes.js';
import { registerOrganisationRoutes } from './organisation-routes.js';
import { registerProfileRoutes } from './profile-routes.js';
import { langOfRequest, sessionCookie } from './session.js';
import { textsFor } from './texts.js';
import { localiseMessage } from './error-texts.js';
import { registerTemplatesRoutes } from './templates-routes.js';
import { registerTokensRoutes } from './tokens-routes.js';
import { registerUsersRoutes } from './users-routes.js';
import { registerWebhooksRoutes } from './webhooks-routes.js';

/** Pages and posts that work without a session. */
const PUBLIC = /^\/app\/(login|password\/|invitations\/|assets\/)/;

export interface ConsoleKit {
  deps: Deps;
  policy: SessionPolicy;
  /** The request's signed-in user and CSRF token (routes outside PUBLIC always have one). */
  signed(request: FastifyRequest): Signed;
  /** The context the offers use cases take: the session's organisation, the user as actor. */
  context(request: FastifyRequest): Context;
  /** A preHandler refusing (403) a role that may not do `action`. */
  guard(action: Action): (request: FastifyRequest) => Promise<void>;
  secure: boolean;
}

export async function registerConsole(app: App, deps: Deps): Promise<void> {
  registerUserAdminRoutes(app, deps);
  const policy = sessionPolicyFrom(process.env);
  const kit: ConsoleKit = {
    deps,
    policy,
    secure: deps.config.publicUrl.startsWith('https:'),
    signed: (request) => {
      const session = request.consoleSession;
      if (!session) throw new AppError('unauthorized', 'Sign in first.');
      return { user: session.user, csrf: session.csrf };
    },
    context: (request) => {
      const { user } = kit.signed(request);
      return {
        deps,
        organisationId: user.organisation_id,
        actor: { kind: 'user', userId: user.id, name: user.name },
        request: requestMeta(request),
      };
    },
    guard: (action) => async (request) => {
      if (!can(kit.signed(request).user.role, action)) throw new AppError('forbidden', textsFor(langOfRequest(request)).forbidden);
    },
  };

  app.decorateRequest('consoleSession', null);
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const sameOrigin = requireSameOrigin(deps.config.publicUrl);
    scope.addHook('onRequest', async (request, reply) => {
      if (request.method === 'POST') await sameOrigin(request);
      const id = sessionCookie(request);
      const user = id ? await resumeSession(deps, id, policy) : null;
      if (id && user) request.consoleSession = { user, id, csrf: csrfToken(deps.secretKey, id) };
      const path = request.url.split('?')[0]!;
      if (user || PUBLIC.test(path)) return;
      const next = request.method === 'GET' && path !== '/app' ? `?next=${encodeURIComponent(request.url)}` : '';
      return reply.header('cache-control', 'no-store').redirect(`/app/login${next}`, 302);
    });
    scope.addHook('preHandler', async (request) => {
      const session = request.consoleSession;
      if (request.method !== 'POST' || !session || PUBLIC.test(request.url)) return;
      const given = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (!csrfValid(deps.secretKey, session.id, given)) throw new AppError('forbidden', textsFor(langOfRequest(request)).forbiddenCsrf);
    });
    scope.setErrorHandler((error, request, reply) => {
      const appError = classifyError(error);
      if (appError.code === 'internal') request.log.error({ err: error }, 'console request failed');
      const lang = langOfRequest(request);
      const t = textsFor(lang);
      const message =
        appError.code === 'internal' ? t.error : appError.status === 404 ? t.notFound : localiseMessage(appError.message, lang);
      const session = request.consoleSession;
      return sendPage(
        reply,
        {
          lang,
          title: message,
          signed: session ? { user: session.user, csrf: session.csrf } : null,
          body: `<h1>${escapeHtml(message)}</h1><p><a href="/app/offers">${escapeHtml(t.back)}</a></p>`,
        },
        appError.status,
      );
    });
    scope.get('/app', { schema: { hide: true } }, (_request, reply) => reply.redirect('/app/offers', 302));
    registerAssetRoutes(scope as unknown as App);
    registerAuthRoutes(scope as unknown as App, kit);
    registerOfferRoutes(scope as unknown as App, kit);
    registerOfferActionRoutes(scope as unknown as App, kit);
    registerOfferEditorRoutes(scope as unknown as App, kit);
    registerTemplatesRoutes(scope as unknown as App, kit);
    registerUsersRoutes(scope as unknown as App, kit);
    registerTokensRoutes(scope as unknown as App, kit);
    registerPaymentsRoutes(scope as unknown as App, kit);
    registerApprovalsRoutes(scope as unknown as App, kit);
    registerWebhooksRoutes(scope as unknown as App, kit);
    registerOrgChooserRoutes(scope as unknown as App, kit);
    registerProfileRoutes(scope as unknown as App, kit);
    registerOrganisationRoutes(scope as unknown as App, kit);
  });
}
