// The console's HTML shell: one nonce per response for its style and script, htmx from this server,
// the navigation for a signed-in user, and the CSRF token every state-changing form carries.
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import { pageSecurityHeaders } from '../platform/page-security.js';
import type { SessionUser } from '../users/sessions.js';
import { CONSOLE_CSS } from './styles.js';
import { textsFor, type Texts } from './texts.js';
import { cspNonce } from '../platform/crypto.js';

export interface Signed {
  user: SessionUser;
  csrf: string;
}

export interface View {
  lang: Lang;
  title: string;
  /** The navigation entry to mark as current. */
  section?: 'offers' | 'approvals' | 'templates' | 'payments' | 'webhooks' | 'organisation';
  signed: Signed | null;
  body: string;
  /** Scripts of this server (paths under /app/assets) the page loads, with the response's nonce. */
  scripts?: readonly string[];
}

export const HTMX_PATH = '/app/assets/htmx.min.js';

/** The hidden field every POST form of a signed-in page carries. */
export const csrfField = (signed: Signed) => `<input type="hidden" name="_csrf" value="${escapeHtml(signed.csrf)}">`;

function navigation(t: Texts, signed: Signed, section: View['section']): string {
  const items: [NonNullable<View['section']>, string, string][] = [
    ['offers', '/app/offers', t.offers],
    ['approvals', '/app/approvals', t.approvals],
    ['templates', '/app/templates', t.templates],
    ['payments', '/app/payments', t.payments],
    ['webhooks', '/app/webhooks', t.webhooks],
    ['organisation', '/app/organisation', t.organisation],
  ];
  const links = items
    .map(([key, href, label]) => `<li><a href="${href}"${key === section ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a></li>`)
    .join('');
  return `<nav aria-label="${escapeHtml(t.nav)}"><ul>${links}</ul></nav>
<span><a href="/app/preferences">${escapeHtml(signed.user.name)}</a></span>
<form method="post" action="/app/logout">${csrfField(signed)}<button type="submit">${escapeHtml(t.signOut)}</button></form>`;
}

export function renderPage(view: View, nonce: string): string {
  const t = textsFor(view.lang);
  const header = view.signed
    ? `<header class="top"><a class="brand" href="/app/offers">offerpay</a>${navigation(t, view.signed, view.section)}</header>`
    : `<header class="top"><span class="brand">offerpay</span></header>`;
  return `<!doctype html>
<html lang="${view.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowScriptTags":false,"allowEval":false}'>
<title>${escapeHtml(view.title)} · ${escapeHtml(t.console)}</title>
<style nonce="${nonce}">${CONSOLE_CSS}</style>
<script nonce="${nonce}" src="${HTMX_PATH}" defer></script>
${(view.scripts ?? []).map((src) => `<script nonce="${nonce}" src="${escapeHtml(src)}" defer></script>`).join('')}
</head><body><a class="skip" href="#main">${escapeHtml(t.skip)}</a>${header}
<main id="main">${view.body}</main></body></html>`;
}

/**
 * Sends a console page with the pages' security headers and a fresh nonce. htmx asking for a part
 * (not restoring history) gets only the main content: a whole page would carry a style whose nonce
 * is not the one the open page was allowed.
 */
export function sendPage(reply: FastifyReply, view: View, status = 200): FastifyReply {
  const nonce = cspNonce();
  const headers = reply.request.headers;
  const partial = headers['hx-request'] === 'true' && headers['hx-history-restore-request'] !== 'true';
  const html = partial ? `<title>${escapeHtml(view.title)}</title><main id="main">${view.body}</main>` : renderPage(view, nonce);
  return pageSecurityHeaders(reply, nonce).header('vary', 'HX-Request').status(status).type('text/html; charset=utf-8').send(html);
}

/** A table that may scroll sideways on a phone: a labelled region reachable by keyboard. */
export const scrollBox = (label: string, table: string) =>
  `<div class="table" role="region" tabindex="0" aria-label="${escapeHtml(label)}">${table}</div>`;
