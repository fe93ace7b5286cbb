// The API tokens and merchant key screen: the organisation's tokens (label, scopes, prefix, dates;
// never a hash), the form to create one, the merchant key's public part and switches, and — only
// on the response to a create or rotation — the new secret, shown once with a copy button.
import { escapeHtml } from '../platform/html.js';
import { formatDateTime, type Lang } from '../platform/locale-format.js';
import { SCOPES } from '../organisations/credentials.js';
import type { tokenView } from '../organisations/serialize.js';
import { COPY_PATH } from './copy-script.js';
import { csrfField, scrollBox, type Signed, type View } from './layout.js';
import { textsFor, type Texts } from './texts.js';

export type TokenItem = ReturnType<typeof tokenView>;

export interface MerchantKeyFacts {
  key: string | null;
  timestampedSignatures: boolean;
  live: boolean;
}

export interface TokensNotice {
  error?: string;
  /** A token just created or rotated: its secret, shown on this one response. */
  token?: { label: string; token: string; rotated: boolean };
  merchant?: { key: string; secret: string };
}

export const TOKENS_PATH = '/app/organisation/tokens';

const secretBox = (t: Texts, id: string, secret: string) =>
  `<p><code id="${id}">${escapeHtml(secret)}</code> <button type="button" class="secondary" data-copy="${id}" data-done="${escapeHtml(t.copied)}">${escapeHtml(t.copy)}</button></p>
<p><strong>${escapeHtml(t.secretOnce)}</strong></p>`;

function banner(t: Texts, notice: TokensNotice): string {
  if (notice.error) return `<p class="error" role="alert">${escapeHtml(notice.error)}</p>`;
  if (notice.token) {
    const { label, token, rotated } = notice.token;
    return `<div class="notice" role="status"><p>${escapeHtml(rotated ? t.tokenRotated(label) : t.tokenCreated(label))}</p>${secretBox(t, 'new-token', token)}</div>`;
  }
  if (notice.merchant) {
    return `<div class="notice" role="status"><p>${escapeHtml(t.merchantRotated)}</p>
<p>${escapeHtml(t.merchantKeyId)}: <code>${escapeHtml(notice.merchant.key)}</code></p>${secretBox(t, 'new-merchant-secret', notice.merchant.secret)}</div>`;
  }
  return '';
}

function tokenRow(lang: Lang, t: Texts, signed: Signed, token: TokenItem): string {
  const actions = token.revokedAt
    ? ''
    : `<form class="inline" method="post" action="${TOKENS_PATH}/${token.id}/rotate">${csrfField(signed)}<button type="submit" class="secondary">${escapeHtml(t.tokenRotate)}</button></form>
<form class="inline" method="post" action="${TOKENS_PATH}/${token.id}/revoke">${csrfField(signed)}<button type="submit" class="danger">${escapeHtml(t.tokenRevoke)}</button></form>`;
  return `<tr><td>${escapeHtml(token.label ?? '–')}</td><td>${escapeHtml(token.scopes.join(', '))}</td><td><code>${escapeHtml(token.prefix)}…</code></td>
<td>${escapeHtml(formatDateTime(new Date(token.createdAt), lang))}</td><td>${token.revokedAt ? escapeHtml(formatDateTime(new Date(token.revokedAt), lang)) : '–'}</td><td>${actions}</td></tr>`;
}

export function tokensView(
  lang: Lang,
  signed: Signed,
  tokens: readonly TokenItem[],
  merchant: MerchantKeyFacts,
  notice: TokensNotice = {},
): View {
  const t = textsFor(lang);
  const table = tokens.length
    ? scrollBox(
        t.tokens,
        `<table><thead><tr><th scope="col">${escapeHtml(t.tokenLabel)}</th><th scope="col">${escapeHtml(t.tokenScopes)}</th><th scope="col">${escapeHtml(t.tokenPrefix)}</th><th scope="col">${escapeHtml(t.created)}</th><th scope="col">${escapeHtml(t.tokenRevoked)}</th><th scope="col"><span class="muted">–</span></th></tr></thead>
<tbody>${tokens.map((token) => tokenRow(lang, t, signed, token)).join('')}</tbody></table>`,
      )
    : `<p>${escapeHtml(t.tokenNone)}</p>`;
  const scopes = SCOPES.map(
    (scope) => `<label><input type="checkbox" name="scope.${scope}" value="on" checked> <code>${scope}</code></label>`,
  ).join('');
  const yesNo = (on: boolean) => escapeHtml(on ? t.yes : t.no);
  return {
    lang,
    title: t.tokens,
    section: 'organisation',
    signed,
    scripts: notice.token || notice.merchant ? [COPY_PATH] : [],
    body: `<h1>${escapeHtml(t.tokens)}</h1>${banner(t, notice)}
${table}
<section class="card" aria-labelledby="h-token-create"><h2 id="h-token-create">${escapeHtml(t.tokenCreate)}</h2>
<form method="post" action="${TOKENS_PATH}">${csrfField(signed)}
<label for="token-label">${escapeHtml(t.tokenLabel)}</label><input id="token-label" name="label" type="text" maxlength="100" required>
<fieldset class="filters"><div class="checks"><legend>${escapeHtml(t.tokenScopes)}</legend>${scopes}</div></fieldset>
<p><button type="submit">${escapeHtml(t.tokenCreateButton)}</button></p></form></section>
<section class="card" aria-labelledby="h-merchant"><h2 id="h-merchant">${escapeHtml(t.merchantKey)}</h2>
<dl><dt>${escapeHtml(t.merchantKeyId)}</dt><dd>${merchant.key ? `<code>${escapeHtml(merchant.key)}</code>` : escapeHtml(t.merchantNoKey)}</dd>
<dt>${escapeHtml(t.timestampedSignatures)}</dt><dd>${yesNo(merchant.timestampedSignatures)}</dd>
<dt>${escapeHtml(t.liveMode)}</dt><dd>${yesNo(merchant.live)}</dd></dl>
<form method="post" action="/app/organisation/merchant-key/rotate">${csrfField(signed)}
<p class="muted">${escapeHtml(t.merchantRotateHint)}</p><p><button type="submit" class="danger">${escapeHtml(t.merchantRotate)}</button></p></form></section>`,
  };
}
