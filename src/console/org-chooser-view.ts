// The organisation chooser page (after a verified password) and the "switch organisation" card of
// the preferences page.
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import { csrfField, type Signed, type View } from './layout.js';
import { chooserTextsFor } from './org-chooser-texts.js';
import { textsFor } from './texts.js';

export const CHOOSE_PATH = '/app/login/choose';
export const SWITCH_PATH = '/app/preferences/switch-organisation';

export interface Choice {
  userId: string;
  organisation: string;
  role: string;
}

export function chooserView(lang: Lang, m: { choices: readonly Choice[]; csrf: string; next: string | null }): View {
  const t = chooserTextsFor(lang);
  const options = m.choices
    .map(
      (c, i) =>
        `<label><input type="radio" name="account" value="${escapeHtml(c.userId)}"${i === 0 ? ' checked' : ''} required> ${escapeHtml(c.organisation)} <span class="muted">(${escapeHtml(t.role(c.role))})</span></label>`,
    )
    .join('');
  const next = m.next ? `<input type="hidden" name="next" value="${escapeHtml(m.next)}">` : '';
  return {
    lang,
    title: t.title,
    signed: null,
    body: `<div class="card narrow"><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)}</p>
<form method="post" action="${CHOOSE_PATH}"><input type="hidden" name="_choice" value="${escapeHtml(m.csrf)}">${next}
<fieldset class="choices"><legend>${escapeHtml(t.organisation)}</legend>${options}</fieldset>
<p><button type="submit">${escapeHtml(t.continue)}</button></p></form></div>`,
  };
}

export function switchCard(lang: Lang, signed: Signed, m: { error?: string | null; notice?: string | null } = {}): string {
  const t = chooserTextsFor(lang);
  const box = m.error
    ? `<p class="error" role="alert">${escapeHtml(m.error)}</p>`
    : m.notice
      ? `<p class="notice" role="status">${escapeHtml(m.notice)}</p>`
      : '';
  return `<section class="card" aria-labelledby="h-switch"><h2 id="h-switch">${escapeHtml(t.switchTitle)}</h2>${box}<p class="muted">${escapeHtml(t.switchIntro)}</p>
<form method="post" action="${SWITCH_PATH}">${csrfField(signed)}
<input type="text" name="username" autocomplete="username" value="${escapeHtml(signed.user.email)}" readonly hidden>
<label for="switch-password">${escapeHtml(textsFor(lang).password)}</label><input id="switch-password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit" class="secondary">${escapeHtml(t.switchButton)}</button></p></form></section>`;
}
