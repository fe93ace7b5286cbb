// The pages of the offer editor: new (maybe from a template), edit (with the recipients changed one
// by one beside the form), and the page saying why an offer cannot be edited now.
import type { OfferReadT } from '../offers/schemas.js';
import type { Violation } from '../platform/errors.js';
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import { type EditorTexts, editorTextsFor } from './editor-texts.js';
import { csrfField, type Signed, type View } from './layout.js';
import { emptyRecipient, fieldOf, type RecipientValues } from './offer-form.js';
import { editorForm, errorSummary, type FormErrors, type FormSpec } from './offer-form-view.js';
import { RECIPIENT_ROLES } from '../offers/recipient-states.js';

/** A field's label for the error summary: "Line 2 · Unit price". */
function labelOf(field: string, t: EditorTexts): string {
  const row = /^(lineItems|recipients|sections|blocks|customVariables)\[(\d+)\](?:\.(\w+))?$/.exec(field);
  const party = /^(customer|contactPerson)\.(\w+)$/.exec(field);
  const labels: Record<string, string> = {
    name: t.name,
    title: t.templateTitle,
    validUntil: t.validUntil,
    acceptanceMode: t.acceptanceMode,
    dealType: t.dealType,
    currency: t.currency,
    validForDays: t.validForDays,
    description: t.description,
    quantity: t.quantity,
    unitPrice: t.unitPrice,
    taxRate: t.taxRate,
    discount: t.discount,
    interval: t.interval,
    priceType: t.priceType,
    firstName: t.firstName,
    lastName: t.lastName,
    email: t.email,
    role: t.role,
    offerTemplateId: t.templates,
    locale: t.locale,
    key: t.variableKey,
    value: t.variableValue,
    text: t.blockText,
    type: t.blockKind,
  };
  const own = (key: string) => labels[key] ?? (t as unknown as Record<string, string>)[key] ?? key;
  if (party) return `${party[1] === 'customer' ? t.customer : t.contactPerson} · ${own(party[2]!)}`;
  if (!row) return labels[field] ?? field;
  const [, kind, index, key] = row;
  const n = Number(index) + 1;
  const heads: Record<string, string> = {
    lineItems: t.lineItem(n),
    recipients: t.recipient(n),
    sections: t.section(n),
    blocks: t.block(n, ''),
    customVariables: t.variable(n),
  };
  const head = heads[kind!] ?? field;
  return key ? `${head} · ${key === 'name' ? t.itemName : own(key)}` : head;
}

/** A use case's refusal, each message next to its field and all of them in the summary. */
export function formErrors(message: string, violations: readonly Violation[], t: EditorTexts): FormErrors {
  const errors: FormErrors = { fields: {}, summary: [] };
  for (const v of violations) {
    const field = fieldOf(v.propertyPath);
    if (field) errors.fields[field] = [...(errors.fields[field] ?? []), v.message];
    errors.summary.push(field ? `${labelOf(field, t)}: ${v.message}` : v.message);
  }
  if (errors.summary.length === 0) errors.summary.push(message);
  return errors;
}

export function newOfferView(lang: Lang, signed: Signed, spec: FormSpec, templateName: string | null): View {
  const t = editorTextsFor(lang);
  const from = templateName ? `<p class="muted">${escapeHtml(t.fromTemplate(templateName))}</p>` : '';
  return {
    lang,
    title: t.newOffer,
    section: 'offers',
    signed,
    body: `<p><a href="/app/offers">${escapeHtml(t.cancel)}</a></p><h1>${escapeHtml(t.newOffer)}</h1>${from}${editorForm(spec, signed, t)}`,
  };
}

export interface RecipientAdd {
  values: RecipientValues;
  errors: FormErrors | null;
}

function recipientsCard(offer: OfferReadT, signed: Signed, t: EditorTexts, add: RecipientAdd): string {
  const base = `/app/offers/${encodeURIComponent(offer.id)}`;
  const items = offer.recipients.map((r) => {
    const who = [r.firstName, r.lastName].filter(Boolean).join(' ') || r.email;
    return `<li><span>${escapeHtml(who)} · ${escapeHtml(r.email)} · ${escapeHtml(t.roles[r.role] ?? r.role)}</span>
<form class="inline" method="post" action="${base}/recipients/${encodeURIComponent(r.id)}/remove">${csrfField(signed)}<button type="submit" class="secondary">${escapeHtml(t.removeRecipientNamed(who))}</button></form></li>`;
  });
  const list = items.length ? `<ul class="recipients">${items.join('')}</ul>` : `<p>${escapeHtml(t.noRecipients)}</p>`;
  const v = add.values;
  const err = (name: string) => add.errors?.fields[name] ?? [];
  const one = (key: keyof RecipientValues, label: string, control: (attrs: string) => string) => {
    const name = `recipients[0].${key}`;
    const id = `r-${key}`;
    const messages = err(name);
    const attrs = `id="${id}" name="${name}"${messages.length ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''}`;
    return `<div class="field"><label for="${id}">${escapeHtml(label)}</label>${control(attrs)}${
      messages.length ? `<p class="field-error" id="${id}-error">${messages.map(escapeHtml).join(' ')}</p>` : ''
    }</div>`;
  };
  const text =
    (value: string, type = 'text') =>
    (attrs: string) =>
      `<input type="${type}" ${attrs} value="${escapeHtml(value)}" autocomplete="off">`;
  const roles = (attrs: string) =>
    `<select ${attrs}>${RECIPIENT_ROLES.map((r) => `<option value="${r}"${r === v.role ? ' selected' : ''}>${escapeHtml(t.roles[r] ?? r)}</option>`).join('')}</select>`;
  return `<section class="card" aria-labelledby="h-recipients"><h2 id="h-recipients">${escapeHtml(t.recipients)}</h2>${list}
${errorSummary(add.errors, t)}<form method="post" action="${base}/recipients" novalidate>${csrfField(signed)}<div class="grid">
${one('firstName', t.firstName, text(v.firstName))}${one('lastName', t.lastName, text(v.lastName))}${one('email', t.email, text(v.email, 'email'))}${one('role', t.role, roles)}
</div><div class="buttons"><button type="submit">${escapeHtml(t.addRecipient)}</button></div></form></section>`;
}

export function editOfferView(
  lang: Lang,
  signed: Signed,
  offer: OfferReadT,
  spec: FormSpec,
  add: RecipientAdd = { values: emptyRecipient(), errors: null },
): View {
  const t = editorTextsFor(lang);
  const title = t.editOffer(offer.number);
  const back = `/app/offers/${encodeURIComponent(offer.id)}`;
  return {
    lang,
    title,
    section: 'offers',
    signed,
    body: `<p><a href="${back}">${escapeHtml(t.backToOffer)}</a> · <a href="${back}/preview">${escapeHtml(t.preview)}</a></p><h1>${escapeHtml(title)}</h1>
${editorForm(spec, signed, t)}${recipientsCard(offer, signed, t, add)}`,
  };
}

export function notEditableView(lang: Lang, signed: Signed, offer: OfferReadT, reason: string): View {
  const t = editorTextsFor(lang);
  const title = t.editOffer(offer.number);
  return {
    lang,
    title,
    section: 'offers',
    signed,
    body: `<h1>${escapeHtml(title)}</h1><p class="error" role="alert">${escapeHtml(t.notEditable)} ${escapeHtml(reason)}</p>
<p><a href="/app/offers/${encodeURIComponent(offer.id)}">${escapeHtml(t.backToOffer)}</a></p>`,
  };
}
