// The organisation profile screen: the profile's fields in groups (company, address, contact, bank,
// taxes), each violation named next to the form, and the logo with its upload and remove forms.
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import type { Violation } from '../platform/errors.js';
import { csrfField, type Signed, type View } from './layout.js';
import { GROUPS, type FormValues } from './profile-form.js';
import { profileTextsFor, type ProfileTexts } from './profile-texts.js';
import { textsFor } from './texts.js';

export const PROFILE_PATH = '/app/organisation/profile';

export interface ProfileNotice {
  done?: string;
  error?: string;
  violations?: readonly Violation[];
}

const INPUT: Record<string, { type: string; max: number; auto?: string }> = {
  email: { type: 'email', max: 254, auto: 'email' },
  phone: { type: 'tel', max: 40, auto: 'tel' },
  website: { type: 'url', max: 2000, auto: 'url' },
  'address.postalCode': { type: 'text', max: 20, auto: 'postal-code' },
  'address.city': { type: 'text', max: 100, auto: 'address-level2' },
  'address.country': { type: 'text', max: 2, auto: 'country' },
  vatId: { type: 'text', max: 20 },
  'bank.iban': { type: 'text', max: 42 },
  'bank.bic': { type: 'text', max: 11 },
  defaultTaxRate: { type: 'text', max: 10 },
};

function field(t: ProfileTexts, name: string, value: string, invalid: boolean): string {
  const id = `p-${name.replace('.', '-')}`;
  const spec = INPUT[name] ?? { type: 'text', max: 200 };
  const mode = name === 'defaultTaxRate' ? ' inputmode="decimal"' : '';
  return `<label for="${id}">${escapeHtml(t.fields[name] ?? name)}</label><input id="${id}" name="${name}" type="${spec.type}" maxlength="${spec.max}"${spec.auto ? ` autocomplete="${spec.auto}"` : ''}${mode}${invalid ? ' aria-invalid="true"' : ''} value="${escapeHtml(value)}">`;
}

function banner(t: ProfileTexts, notice: ProfileNotice): string {
  if (notice.error) {
    const items = (notice.violations ?? []).map(
      (v) => `<li>${escapeHtml(t.fields[v.propertyPath] ?? v.propertyPath)}: ${escapeHtml(v.message)}</li>`,
    );
    return `<div class="error" role="alert"><p>${escapeHtml(notice.error)}</p>${items.length ? `<ul>${items.join('')}</ul>` : ''}</div>`;
  }
  return notice.done ? `<p class="notice" role="status">${escapeHtml(notice.done)}</p>` : '';
}

export function profileFormView(lang: Lang, signed: Signed, values: FormValues, logoUrl: string | null, notice: ProfileNotice = {}): View {
  const t = profileTextsFor(lang);
  const invalid = new Set((notice.violations ?? []).map((v) => v.propertyPath));
  const groups = Object.entries(GROUPS)
    .map(
      ([group, names]) =>
        `<fieldset><legend>${escapeHtml(t[group as keyof typeof GROUPS])}</legend>${names.map((name) => field(t, name, values[name] ?? '', invalid.has(name))).join('')}</fieldset>`,
    )
    .join('');
  const logo = logoUrl
    ? `<img class="logo-preview" src="${escapeHtml(logoUrl)}" alt="${escapeHtml(t.logoAlt)}">`
    : `<p>${escapeHtml(t.noLogo)}</p>`;
  const remove = logoUrl
    ? `<form method="post" action="${PROFILE_PATH}/logo/remove">${csrfField(signed)}<p><button type="submit" class="danger">${escapeHtml(t.logoRemove)}</button></p></form>`
    : '';
  return {
    lang,
    title: t.title,
    section: 'organisation',
    signed,
    body: `<p><a href="/app/organisation">${escapeHtml(textsFor(lang).organisation)}</a></p><h1>${escapeHtml(t.title)}</h1>${banner(t, notice)}
<p class="muted">${escapeHtml(t.intro)}</p>
<section class="card" aria-labelledby="h-logo"><h2 id="h-logo">${escapeHtml(t.logo)}</h2>${logo}
<form method="post" action="${PROFILE_PATH}/logo" enctype="multipart/form-data">${csrfField(signed)}
<label for="p-logo">${escapeHtml(t.logoFile)}</label><input id="p-logo" name="logo" type="file" accept="image/png,image/jpeg" required>
<p><button type="submit" class="secondary">${escapeHtml(t.logoUpload)}</button></p></form>${remove}</section>
<form class="card" method="post" action="${PROFILE_PATH}">${csrfField(signed)}${groups}
<p><button type="submit">${escapeHtml(t.save)}</button></p></form>`,
  };
}
