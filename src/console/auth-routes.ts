// Signing in and out, preferences, "forgot password" and the one-time links (invitation, reset).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../platform/html.js';
import type { App } from '../platform/deps.js';
import { linkUser, redeemLink } from '../users/links.js';
import type { LinkPurpose } from '../users/links-repository.js';
import { login } from '../users/login.js';
import { PASSWORD_RULES } from '../users/passwords.js';
import { setLocale } from '../users/repository.js';
import { requestPasswordReset } from '../users/request-reset.js';
import { endAllSessions, endSession } from '../users/sessions.js';
import { choosePasswordView, forgotView, loginView } from './auth-views.js';
import { csrfField, sendPage } from './layout.js';
import { offerChoice } from './org-chooser-routes.js';
import { switchCard } from './org-chooser-view.js';
import type { ConsoleKit } from './plugin.js';
import { clearSessionCookie, langOfRequest, safeNext, setSessionCookie } from './session.js';
import { textsFor } from './texts.js';

type Fields = Record<string, string | undefined>;
const fields = (request: FastifyRequest): Fields => (request.body ?? {}) as Fields;
const hide = { schema: { hide: true } };

export function registerAuthRoutes(app: App, kit: ConsoleKit): void {
  const { deps } = kit;

  app.get('/app/login', hide, (request, reply) => {
    const query = request.query as Fields;
    if (request.consoleSession) return reply.redirect(safeNext(query.next) ?? '/app/offers', 302);
    const t = textsFor(langOfRequest(request));
    const notice = query.done === 'signedout' ? t.signedOut : query.done === 'password' ? t.passwordSet : null;
    return sendPage(reply, loginView(langOfRequest(request), { next: safeNext(query.next), notice }));
  });

  app.post('/app/login', hide, async (request, reply) => {
    const { email = '', password = '', next } = fields(request);
    const lang = langOfRequest(request);
    const t = textsFor(lang);
    const result = await login(deps, { email, password, ip: request.ip ?? null });
    if (!result.ok) {
      const view = { next: safeNext(next), email };
      if (result.reason === 'invalid') return sendPage(reply, loginView(lang, { ...view, error: t.badLogin }), 401);
      reply.header('retry-after', String(result.retryAfterSeconds));
      return sendPage(reply, loginView(lang, { ...view, error: t.throttled(Math.ceil(result.retryAfterSeconds / 60)) }), 429);
    }
    // Accounts in several organisations matched: no session until one is chosen.
    if ('choose' in result) return offerChoice(kit, request, reply, result.choose, safeNext(next));
    // The browser's previous session (if any) ends: only the new id is valid from now on.
    if (request.consoleSession) await endSession(deps, request.consoleSession.id);
    setSessionCookie(reply, result.sessionId, kit.secure);
    return reply.header('cache-control', 'no-store').redirect(safeNext(next) ?? '/app/offers', 303);
  });

  app.post('/app/logout', hide, async (request, reply) => {
    await endSession(deps, request.consoleSession!.id);
    clearSessionCookie(reply, kit.secure);
    return reply.redirect('/app/login?done=signedout', 303);
  });

  app.post('/app/logout-everywhere', hide, async (request, reply) => {
    await endAllSessions(deps, kit.signed(request).user.id);
    clearSessionCookie(reply, kit.secure);
    return reply.redirect('/app/login?done=signedout', 303);
  });

  app.get('/app/preferences', hide, (request, reply) => {
    const signed = kit.signed(request);
    const lang = langOfRequest(request);
    const t = textsFor(lang);
    const option = (value: string, label: string) =>
      `<option value="${value}"${(signed.user.locale ?? '') === value ? ' selected' : ''}>${escapeHtml(label)}</option>`;
    return sendPage(reply, {
      lang,
      title: t.preferences,
      signed,
      body: `<h1>${escapeHtml(t.preferences)}</h1><div class="card"><p>${escapeHtml(signed.user.name)} · ${escapeHtml(signed.user.email)}</p>
<form method="post" action="/app/preferences">${csrfField(signed)}<label for="locale">${escapeHtml(t.language)}</label>
<select id="locale" name="locale">${option('', t.fromBrowser)}${option('de', 'Deutsch')}${option('en', 'English')}</select>
<p><button type="submit">${escapeHtml(t.save)}</button></p></form></div>
<div class="card"><form method="post" action="/app/logout-everywhere">${csrfField(signed)}<button type="submit" class="secondary">${escapeHtml(t.signOutEverywhere)}</button></form></div>
${switchCard(lang, signed)}`,
    });
  });

  app.post('/app/preferences', hide, async (request, reply) => {
    const { user } = kit.signed(request);
    const locale = fields(request).locale;
    await setLocale(deps.db, user.organisation_id, user.id, locale === 'de' || locale === 'en' ? locale : null);
    return reply.redirect('/app/preferences', 303);
  });

  app.get('/app/password/forgot', hide, (request, reply) => sendPage(reply, forgotView(langOfRequest(request), {})));

  app.post('/app/password/forgot', hide, async (request, reply) => {
    const lang = langOfRequest(request);
    const t = textsFor(lang);
    // A failed send is logged, never shown: the answer must not depend on whether the account exists.
    await requestPasswordReset(deps, { email: fields(request).email ?? '', lang }).catch((err: unknown) =>
      request.log.error({ err }, 'sending a password reset failed'),
    );
    return sendPage(reply, forgotView(lang, { notice: deps.config.smtpUrl ? t.forgotSent : t.forgotNoMail }));
  });

  const linkPages = (purpose: LinkPurpose, prefix: string) => {
    const show = async (request: FastifyRequest, reply: FastifyReply, error: string | null, status: number) => {
      const token = (request.params as { token: string }).token;
      const user = await linkUser(deps, token, purpose);
      const view = choosePasswordView(langOfRequest(request), { action: `${prefix}${token}`, email: user?.email ?? null, error });
      return sendPage(reply, view, user ? status : 410);
    };
    app.get(`${prefix}:token`, hide, (request, reply) => show(request, reply, null, 200));
    app.post(`${prefix}:token`, hide, async (request, reply) => {
      const token = (request.params as { token: string }).token;
      const result = await redeemLink(deps, { token, purpose, password: fields(request).password ?? '' });
      if (result.ok) return reply.redirect('/app/login?done=password', 303);
      if (result.reason === 'invalid') return show(request, reply, null, 410);
      return show(request, reply, PASSWORD_RULES[result.reason][langOfRequest(request)], 400);
    });
  };
  linkPages('reset', '/app/password/reset/');
  linkPages('invitation', '/app/invitations/');
}
