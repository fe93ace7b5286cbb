// The organisation chooser: one e-mail address with accounts in several organisations whose password
// matches. Nothing about other organisations is shown before the password is verified (sign-in, or
// the preferences page's "switch organisation", which asks for the password again and is throttled
// the same way). The verified accounts travel in a signed, 5-minute, HttpOnly cookie scoped to
// /app/login (users/account-choice.ts); the chooser form carries a CSRF token bound to that cookie;
// choosing ends the browser's previous session and starts a new one (no fixation).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findOrganisation } from '../organisations/repository.js';
import type { App } from '../platform/deps.js';
import { safeEqual } from '../platform/crypto.js';
import { escapeHtml } from '../platform/html.js';
import { chooseAccount, choiceCsrf, CHOICE_TTL_MS, issueChoice } from '../users/account-choice.js';
import type { UserRow } from '../users/repository.js';
import { verifyLogin } from '../users/login.js';
import { endSession } from '../users/sessions.js';
import { loginView } from './auth-views.js';
import { sendPage } from './layout.js';
import { CHOOSE_PATH, chooserView, SWITCH_PATH, switchCard, type Choice } from './org-chooser-view.js';
import { chooserTextsFor } from './org-chooser-texts.js';
import type { ConsoleKit } from './plugin.js';
import { langOfRequest, safeNext, setSessionCookie } from './session.js';
import { textsFor } from './texts.js';

const CHOICE_COOKIE = 'offerpay_choice';
const cookieFlags = (secure: boolean) => `Path=/app/login; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

function choiceCookie(request: FastifyRequest): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CHOICE_COOKIE) return value.join('=') || null;
  }
  return null;
}

type Fields = Record<string, string | undefined>;

/** Shows the chooser for accounts whose password was just verified (never call it before). */
export async function offerChoice(
  kit: ConsoleKit,
  request: FastifyRequest,
  reply: FastifyReply,
  users: readonly UserRow[],
  next: string | null,
) {
  const token = issueChoice(kit.deps, [...users]);
  const choices: Choice[] = [];
  for (const user of users) {
    const organisation = await findOrganisation(kit.deps.db, user.organisation_id);
    if (organisation) choices.push({ userId: user.id, organisation: organisation.name, role: user.role });
  }
  reply
    .header('set-cookie', `${CHOICE_COOKIE}=${token}; ${cookieFlags(kit.secure)}; Max-Age=${CHOICE_TTL_MS / 1000}`)
    .header('cache-control', 'no-store');
  return sendPage(reply, chooserView(langOfRequest(request), { choices, csrf: choiceCsrf(kit.deps.secretKey, token), next }));
}

export function registerOrgChooserRoutes(app: App, kit: ConsoleKit): void {
  const { deps } = kit;
  const hide = { schema: { hide: true } };

  // Under /app/login (no session needed): the same-origin check of every POST applies, and the
  // form's token must match the cookie's choice.
  app.post(CHOOSE_PATH, hide, async (request, reply) => {
    const body = (request.body ?? {}) as Fields;
    const token = choiceCookie(request);
    const lang = langOfRequest(request);
    const chosen =
      token && typeof body._choice === 'string' && safeEqual(choiceCsrf(deps.secretKey, token), body._choice)
        ? await chooseAccount(deps, token, String(body.account ?? ''))
        : null;
    const clearChoice = () =>
      reply.header('set-cookie', `${CHOICE_COOKIE}=; ${cookieFlags(kit.secure)}; Max-Age=0`).header('cache-control', 'no-store');
    if (!chosen) return sendPage(clearChoice(), loginView(lang, { next: safeNext(body.next), error: chooserTextsFor(lang).expired }), 400);
    // The browser's previous session (if any) ends: only the new id is valid from now on.
    if (request.consoleSession) await endSession(deps, request.consoleSession.id);
    setSessionCookie(reply, chosen.sessionId, kit.secure);
    return clearChoice().redirect(safeNext(body.next) ?? '/app/offers', 303);
  });

  app.post(SWITCH_PATH, hide, async (request, reply) => {
    const signed = kit.signed(request);
    const lang = langOfRequest(request);
    const t = textsFor(lang);
    const page = (card: string, status: number) =>
      sendPage(
        reply.header('cache-control', 'no-store'),
        { lang, title: t.preferences, signed, body: `<h1>${escapeHtml(t.preferences)}</h1>${card}` },
        status,
      );
    const password = (request.body as Fields | undefined)?.password ?? '';
    const result = await verifyLogin(deps, { email: signed.user.email, password, ip: request.ip ?? null });
    if (!result.ok && result.reason === 'throttled') {
      reply.header('retry-after', String(result.retryAfterSeconds));
      return page(switchCard(lang, signed, { error: t.throttled(Math.ceil(result.retryAfterSeconds / 60)) }), 429);
    }
    if (!result.ok) return page(switchCard(lang, signed, { error: t.badLogin }), 401);
    // Only accounts of the address the session already has; the current one stays in the list.
    if (result.users.length < 2) return page(switchCard(lang, signed, { notice: chooserTextsFor(lang).switchNone }), 200);
    return offerChoice(kit, request, reply, result.users, '/app/offers');
  });

  // A stale chooser link (GET) leads back to sign-in.
  app.get(CHOOSE_PATH, hide, (_request, reply) => reply.redirect('/app/login', 302));
}
