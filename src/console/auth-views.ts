// The pages before sign-in: the sign-in form, "forgot password", and choosing a password through
// a one-time link.
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import type { View } from './layout.js';
import { textsFor } from './texts.js';

const box = (kind: 'error' | 'notice', text: string | null) =>
  text ? `<p class="${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${escapeHtml(text)}</p>` : '';

export function loginView(lang: Lang, m: { next: string | null; email?: string; error?: string | null; notice?: string | null }): View {
  const t = textsFor(lang);
  const next = m.next ? `<input type="hidden" name="next" value="${escapeHtml(m.next)}">` : '';
  return {
    lang,
    title: t.signIn,
    signed: null,
    body: `<div class="card narrow"><h1>${escapeHtml(t.signIn)}</h1>${box('error', m.error ?? null)}${box('notice', m.notice ?? null)}
<form method="post" action="/app/login">${next}
<label for="email">${escapeHtml(t.email)}</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(m.email ?? '')}">
<label for="password">${escapeHtml(t.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">${escapeHtml(t.signIn)}</button></p></form>
<p><a href="/app/password/forgot">${escapeHtml(t.forgot)}</a></p></div>`,
  };
}

export function forgotView(lang: Lang, m: { notice?: string | null }): View {
  const t = textsFor(lang);
  return {
    lang,
    title: t.forgotTitle,
    signed: null,
    body: `<div class="card narrow"><h1>${escapeHtml(t.forgotTitle)}</h1>${box('notice', m.notice ?? null)}<p>${escapeHtml(t.forgotIntro)}</p>
<form method="post" action="/app/password/forgot">
<label for="email">${escapeHtml(t.email)}</label><input id="email" name="email" type="email" autocomplete="username" required>
<p><button type="submit">${escapeHtml(t.sendLink)}</button></p></form><p><a href="/app/login">${escapeHtml(t.signIn)}</a></p></div>`,
  };
}

/** Choosing a password through a link; `action` is the link's own path. */
export function choosePasswordView(lang: Lang, m: { action: string; email: string | null; error?: string | null }): View {
  const t = textsFor(lang);
  if (m.email === null) {
    return {
      lang,
      title: t.linkInvalid,
      signed: null,
      body: `<div class="card narrow"><h1>${escapeHtml(t.choosePassword)}</h1>${box('error', t.linkInvalid)}<p><a href="/app/login">${escapeHtml(t.signIn)}</a></p></div>`,
    };
  }
  return {
    lang,
    title: t.choosePassword,
    signed: null,
    body: `<div class="card narrow"><h1>${escapeHtml(t.choosePassword)}</h1>${box('error', m.error ?? null)}
<form method="post" action="${escapeHtml(m.action)}">
<input type="text" name="username" autocomplete="username" value="${escapeHtml(m.email)}" readonly aria-label="${escapeHtml(t.email)}">
<label for="password">${escapeHtml(t.newPassword)}</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" aria-describedby="hint">
<p id="hint" class="muted">${escapeHtml(t.passwordHint)}</p>
<p><button type="submit">${escapeHtml(t.save)}</button></p></form></div>`,
  };
}
