// The payment settings screen: the network mode (shown; switching it stays an API action, since live
// needs the xpub), the callback URL form, and the way to the merchant key.
import type { MerchantSettingsView } from '../organisations/merchant-settings.js';
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import { csrfField, type Signed, type View } from './layout.js';
import { paymentsTextsFor } from './payments-texts.js';
import { PAYMENTS, paymentsNav } from './payments-views.js';

export const SETTINGS_PATH = `${PAYMENTS}/settings`;

export interface SettingsNotice {
  done?: 'saved' | 'removed';
  error?: string;
  /** What the user typed, shown again after a refusal. */
  typed?: string;
}

export function settingsView(lang: Lang, signed: Signed, settings: MerchantSettingsView, notice: SettingsNotice = {}): View {
  const t = paymentsTextsFor(lang);
  const banner = notice.error
    ? `<p class="error" role="alert" id="callback-error">${escapeHtml(t.refused)} ${escapeHtml(notice.error)}</p>`
    : notice.done
      ? `<p class="notice" role="status">${escapeHtml(notice.done === 'saved' ? t.saved : t.removed)}</p>`
      : '';
  const value = notice.typed ?? settings.callback_url ?? '';
  const described = notice.error ? 'callback-hint callback-error' : 'callback-hint';
  return {
    lang,
    title: t.settings,
    section: 'payments',
    signed,
    body: `<h1>${escapeHtml(t.settings)}</h1>${paymentsNav(t, signed, 'settings')}${banner}
<section class="card" aria-labelledby="h-mode"><h2 id="h-mode">${escapeHtml(t.mode)}</h2>
<p><strong>${escapeHtml(settings.mode === 'live' ? t.modeLive : t.modeSandbox)}</strong></p><p class="muted">${escapeHtml(t.modeNote)}</p></section>
<section class="card" aria-labelledby="h-callback"><h2 id="h-callback">${escapeHtml(t.callbackUrl)}</h2>
<p>${settings.callback_url ? `<code>${escapeHtml(settings.callback_url)}</code>` : escapeHtml(t.callbackNone)}</p>
<form method="post" action="${SETTINGS_PATH}">${csrfField(signed)}
<label for="callback_url">${escapeHtml(t.callbackUrl)}</label><input id="callback_url" name="callback_url" type="text" inputmode="url" maxlength="2048" value="${escapeHtml(value)}" aria-describedby="${described}">
<p class="muted" id="callback-hint">${escapeHtml(t.callbackUrlHint)}</p>
<p><button type="submit">${escapeHtml(t.save)}</button></p></form></section>
<section class="card" aria-labelledby="h-key"><h2 id="h-key">${escapeHtml(t.merchantKey)}</h2>
<p><a href="/app/organisation/tokens">${escapeHtml(t.merchantKeyLink)}</a></p></section>`,
  };
}
