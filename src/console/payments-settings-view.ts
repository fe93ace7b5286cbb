// The payment settings screen: the network mode with the wallet's xpub, the callback URL form, and
// the way to the merchant key. Each form posts to its own URL and shows its refusal in its own card.
import type { MerchantSettingsView } from '../organisations/merchant-settings.js';
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import { csrfField, type Signed, type View } from './layout.js';
import { paymentsTextsFor } from './payments-texts.js';
import { PAYMENTS, paymentsNav } from './payments-views.js';

export const SETTINGS_PATH = `${PAYMENTS}/settings`;
export const NETWORK_PATH = `${SETTINGS_PATH}/network`;

export interface SettingsNotice {
  done?: 'saved' | 'removed' | 'mode';
  error?: string;
  /** What the user typed, shown again after a refusal. */
  typed?: string;
  /** The network form's refusal, and what was chosen and typed there. */
  modeError?: string;
  typedMode?: string;
  typedXpub?: string;
}

function modeCard(lang: Lang, signed: Signed, settings: MerchantSettingsView, notice: SettingsNotice): string {
  const t = paymentsTextsFor(lang);
  const mode = notice.typedMode ?? settings.mode;
  const option = (value: string, label: string) =>
    `<option value="${value}"${mode === value ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const error = notice.modeError
    ? `<p class="error" role="alert" id="mode-error">${escapeHtml(t.modeRefused)} ${escapeHtml(notice.modeError)}</p>`
    : '';
  const described = notice.modeError ? 'xpub-hint mode-error' : 'xpub-hint';
  const stored = settings.evm_xpub_fingerprint ? t.xpubStored(settings.evm_xpub_fingerprint) : t.xpubNone;
  return `<section class="card" aria-labelledby="h-mode"><h2 id="h-mode">${escapeHtml(t.mode)}</h2>
<p><strong>${escapeHtml(settings.mode === 'live' ? t.modeLive : t.modeSandbox)}</strong> · ${escapeHtml(stored)}</p><p class="muted">${escapeHtml(t.modeNote)}</p>${error}
<form method="post" action="${NETWORK_PATH}">${csrfField(signed)}
<label for="mode">${escapeHtml(t.mode)}</label><select id="mode" name="mode">${option('sandbox', t.modeSandbox)}${option('live', t.modeLive)}</select>
<label for="evm_xpub">${escapeHtml(t.xpub)}</label><input id="evm_xpub" name="evm_xpub" type="text" autocomplete="off" spellcheck="false" maxlength="200" placeholder="xpub…" value="${escapeHtml(notice.typedXpub ?? '')}" aria-describedby="${described}">
<p class="muted" id="xpub-hint">${escapeHtml(t.xpubHint)}</p>
<p><button type="submit">${escapeHtml(t.saveMode)}</button></p></form></section>`;
}

export function settingsView(lang: Lang, signed: Signed, settings: MerchantSettingsView, notice: SettingsNotice = {}): View {
  const t = paymentsTextsFor(lang);
  const banner = notice.error
    ? `<p class="error" role="alert" id="callback-error">${escapeHtml(t.refused)} ${escapeHtml(notice.error)}</p>`
    : notice.done
      ? `<p class="notice" role="status">${escapeHtml(notice.done === 'saved' ? t.saved : notice.done === 'mode' ? t.modeSaved : t.removed)}</p>`
      : '';
  const value = notice.typed ?? settings.callback_url ?? '';
  const described = notice.error ? 'callback-hint callback-error' : 'callback-hint';
  return {
    lang,
    title: t.settings,
    section: 'payments',
    signed,
    body: `<h1>${escapeHtml(t.settings)}</h1>${paymentsNav(t, signed, 'settings')}${banner}
${modeCard(lang, signed, settings, notice)}
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
