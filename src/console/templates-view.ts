// The templates screen: the organisation's templates (newest first, paged), one template as a form
// for those who may write templates or read-only for the others, and "new offer from this template".
import { escapeHtml } from '../platform/html.js';
import { formatDate, formatMoney, type Lang } from '../platform/locale-format.js';
import type { templateView } from '../offers/templates/view.js';
import { can } from '../users/permissions.js';
import { editorTextsFor } from './editor-texts.js';
import { csrfField, scrollBox, type Signed, type View } from './layout.js';
import { editorForm, type FormSpec } from './offer-form-view.js';

export type Template = ReturnType<typeof templateView>;

export interface TemplatePage {
  data: Template[];
  page: number;
  lastPage: number;
}

const fromLink = (lang: Lang, id: string) =>
  `<a href="/app/offers/new?template=${encodeURIComponent(id)}">${escapeHtml(editorTextsFor(lang).newOfferFromTemplate)}</a>`;

export function templatesListView(lang: Lang, signed: Signed, list: TemplatePage, done: string | null): View {
  const t = editorTextsFor(lang);
  const writer = can(signed.user.role, 'templates.write');
  const offers = can(signed.user.role, 'offers.write');
  const notice = done === 'deleted' ? `<p class="notice" role="status">${escapeHtml(t.templateDeleted)}</p>` : '';
  const rows = list.data.map(
    (tpl) =>
      `<tr><td><a href="/app/templates/${encodeURIComponent(tpl.id)}">${escapeHtml(tpl.name)}</a></td><td>${escapeHtml(tpl.title ?? '')}</td><td>${tpl.lineItems.length}</td><td>${escapeHtml(formatDate(new Date(tpl.updatedAt), lang))}</td><td>${offers ? fromLink(lang, tpl.id) : ''}</td></tr>`,
  );
  const table = rows.length
    ? scrollBox(
        t.templates,
        `<table><thead><tr><th scope="col">${escapeHtml(t.name)}</th><th scope="col">${escapeHtml(t.templateTitle)}</th><th scope="col">${escapeHtml(t.lines)}</th><th scope="col">${escapeHtml(t.updated)}</th><th scope="col">${escapeHtml(t.actions)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
      )
    : `<p>${escapeHtml(t.noTemplates)}</p>`;
  const prev = list.page > 1 ? `<a rel="prev" href="/app/templates?page=${list.page - 1}">${escapeHtml(t.previousPage)}</a>` : '';
  const next = list.page < list.lastPage ? `<a rel="next" href="/app/templates?page=${list.page + 1}">${escapeHtml(t.nextPage)}</a>` : '';
  const pager = prev || next ? `<nav class="pager" aria-label="${escapeHtml(t.templates)}">${prev}${next}</nav>` : '';
  return {
    lang,
    title: t.templates,
    section: 'templates',
    signed,
    body: `<h1>${escapeHtml(t.templates)}</h1>${notice}${writer ? `<p><a class="button" href="/app/templates/new">${escapeHtml(t.newTemplate)}</a></p>` : `<p class="muted">${escapeHtml(t.readOnly)}</p>`}
<div class="card">${table}${pager}</div>`,
  };
}

export function templateFormView(lang: Lang, signed: Signed, spec: FormSpec, template: Template | null, done: string | null): View {
  const t = editorTextsFor(lang);
  const title = template ? t.editTemplate(template.name) : t.newTemplate;
  const notice = done === 'saved' ? `<p class="notice" role="status">${escapeHtml(t.templateSaved)}</p>` : '';
  const offers = can(signed.user.role, 'offers.write') && template ? `<p>${fromLink(lang, template.id)}</p>` : '';
  const remove = template
    ? `<form class="inline" method="post" action="/app/templates/${encodeURIComponent(template.id)}/delete">${csrfField(signed)}<button type="submit" class="danger">${escapeHtml(t.deleteTemplate)}</button></form>`
    : '';
  return {
    lang,
    title,
    section: 'templates',
    signed,
    body: `<p><a href="/app/templates">${escapeHtml(t.templates)}</a></p><h1>${escapeHtml(title)}</h1>${notice}${offers}${editorForm(spec, signed, t)}${remove}`,
  };
}

/** For roles that read templates only. */
export function templateReadView(lang: Lang, signed: Signed, tpl: Template): View {
  const t = editorTextsFor(lang);
  const row = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;
  const facts = [
    row(t.templateTitle, tpl.title ?? '–'),
    row(t.acceptanceMode, t.modes[tpl.acceptanceMode] ?? tpl.acceptanceMode),
    row(t.dealType, t.dealTypes[tpl.dealType] ?? tpl.dealType),
    row(t.locale, t.locales[tpl.locale] ?? tpl.locale),
    row(t.validForDays, tpl.validForDays ? String(tpl.validForDays) : '–'),
  ].join('');
  const items = (tpl.lineItems as { name?: string; quantity?: number; unitAmountCents?: number; currency?: string }[]).map(
    (i) =>
      `<tr><td>${escapeHtml(i.name ?? '')}</td><td>${escapeHtml(String(i.quantity ?? ''))}</td><td>${
        typeof i.unitAmountCents === 'number' && i.currency ? escapeHtml(formatMoney(i.unitAmountCents, i.currency, lang)) : ''
      }</td></tr>`,
  );
  const table = items.length
    ? scrollBox(
        t.lineItems,
        `<table><thead><tr><th scope="col">${escapeHtml(t.itemName)}</th><th scope="col">${escapeHtml(t.quantity)}</th><th scope="col">${escapeHtml(t.unitPrice)}</th></tr></thead><tbody>${items.join('')}</tbody></table>`,
      )
    : '';
  return {
    lang,
    title: t.editTemplate(tpl.name),
    section: 'templates',
    signed,
    body: `<p><a href="/app/templates">${escapeHtml(t.templates)}</a></p><h1>${escapeHtml(t.editTemplate(tpl.name))}</h1><p class="muted">${escapeHtml(t.readOnly)}</p>
<section class="card"><dl>${facts}</dl>${tpl.sections.map((s) => `<p>${escapeHtml(s)}</p>`).join('')}${table}</section>`,
  };
}
