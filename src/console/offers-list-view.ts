// The offers list page: a filter form (plain GET, so the URL is the shareable saved view; htmx
// swaps only the results when it is there), the table, and the pager.
import { escapeHtml } from '../platform/html.js';
import { formatDate, formatMoney, type Lang } from '../platform/locale-format.js';
import type { OfferListPage } from '../offers/list-page.js';
import { ORDER_FIELDS } from '../offers/list-query.js';
import { ACCEPTANCE_MODES, DEAL_TYPES, OFFER_STATUSES } from '../offers/states.js';
import { scrollBox, type Signed, type View } from './layout.js';
import { can } from '../users/permissions.js';
import { editorTextsFor } from './editor-texts.js';
import { textsFor } from './texts.js';

/** The console's own query (what the form sends): the seed's filters plus `sort` and `dir`. */
export type ConsoleQuery = Record<string, string[]>;

export const queryString = (query: ConsoleQuery, change: Record<string, string> = {}): string => {
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries({ ...query, ...Object.fromEntries(Object.entries(change).map(([k, v]) => [k, [v]])) }))
    for (const v of values) if (v !== '') params.append(key, v);
  const text = params.toString();
  return text ? `?${text}` : '';
};

const first = (query: ConsoleQuery, key: string) => query[key]?.[0] ?? '';

function select(id: string, label: string, options: [string, string][], chosen: string): string {
  const items = options.map(([v, l]) => `<option value="${escapeHtml(v)}"${v === chosen ? ' selected' : ''}>${escapeHtml(l)}</option>`);
  return `<div><label for="${id}">${escapeHtml(label)}</label><select id="${id}" name="${id}">${items.join('')}</select></div>`;
}

function filterForm(lang: Lang, query: ConsoleQuery): string {
  const t = textsFor(lang);
  const statuses = OFFER_STATUSES.map((s) => {
    const checked = query.status?.includes(s) ? ' checked' : '';
    return `<label><input type="checkbox" name="status" value="${s}"${checked}> ${s}</label>`;
  }).join('');
  const any: [string, string] = ['', t.any];
  return `<form class="card" method="get" action="/app/offers" hx-get="/app/offers" hx-trigger="change, submit" hx-target="#results" hx-select="#results" hx-swap="outerHTML" hx-push-url="true">
<div class="filters"><fieldset class="checks"><legend>${escapeHtml(t.status)}</legend>${statuses}</fieldset>
${select('dealType', t.dealType, [any, ...DEAL_TYPES.map((d): [string, string] => [d, d])], first(query, 'dealType'))}
${select('acceptanceMode', t.acceptanceMode, [any, ...ACCEPTANCE_MODES.map((d): [string, string] => [d, d])], first(query, 'acceptanceMode'))}
${select('signed', t.signed, [any, ['true', t.yes], ['false', t.no]], first(query, 'signed'))}
${select(
  'sort',
  t.sortBy,
  ORDER_FIELDS.map((f): [string, string] => [f, f]),
  first(query, 'sort') || 'createdAt',
)}
${select(
  'dir',
  t.direction,
  [
    ['desc', t.desc],
    ['asc', t.asc],
  ],
  first(query, 'dir') || 'desc',
)}
${select(
  'limit',
  t.perPage,
  ['10', '30', '100'].map((n): [string, string] => [n, n]),
  first(query, 'limit') || '30',
)}
<div><button type="submit">${escapeHtml(t.filter)}</button></div></div></form>`;
}

function rows(lang: Lang, list: OfferListPage): string {
  const t = textsFor(lang);
  if (list.data.length === 0) return `<p>${escapeHtml(t.noOffers)}</p>`;
  const body = list.data
    .map((o) => {
      const value =
        o.cachedContractValueCents && o.cachedContractValueCurrency
          ? formatMoney(BigInt(o.cachedContractValueCents), o.cachedContractValueCurrency, lang)
          : '';
      const validUntil = o.validUntil ? formatDate(new Date(o.validUntil), lang) : '';
      return `<tr><td><a href="/app/offers/${o.id}">${escapeHtml(o.number)}</a></td><td>${escapeHtml(o.name ?? '')}</td><td>${escapeHtml(o.status)}</td><td>${escapeHtml(value)}</td><td>${escapeHtml(validUntil)}</td><td>${escapeHtml(formatDate(new Date(o.updatedAt), lang))}</td></tr>`;
    })
    .join('');
  return scrollBox(
    t.offers,
    `<table><caption class="muted">${escapeHtml(t.offers)}</caption><thead><tr><th scope="col">${escapeHtml(t.number)}</th><th scope="col">${escapeHtml(t.name)}</th><th scope="col">${escapeHtml(t.status)}</th><th scope="col">${escapeHtml(t.value)}</th><th scope="col">${escapeHtml(t.validUntil)}</th><th scope="col">${escapeHtml(t.updated)}</th></tr></thead><tbody>${body}</tbody></table>`,
  );
}

function pager(lang: Lang, query: ConsoleQuery, list: OfferListPage): string {
  const t = textsFor(lang);
  const { currentPage, lastPage, totalItems } = list.meta.pagination;
  const prev =
    currentPage > 1
      ? `<a rel="prev" href="/app/offers${queryString(query, { page: String(currentPage - 1) })}">${escapeHtml(t.previous)}</a>`
      : '';
  const next =
    currentPage < lastPage
      ? `<a rel="next" href="/app/offers${queryString(query, { page: String(currentPage + 1) })}">${escapeHtml(t.next)}</a>`
      : '';
  return `<nav class="pager" aria-label="${escapeHtml(t.page(currentPage, lastPage, totalItems))}">${prev}<span>${escapeHtml(t.page(currentPage, lastPage, totalItems))}</span>${next}</nav>`;
}

export function offersListView(lang: Lang, signed: Signed, query: ConsoleQuery, result: { list: OfferListPage } | { error: string }): View {
  const t = textsFor(lang);
  const create = can(signed.user.role, 'offers.write')
    ? `<p><a class="button" href="/app/offers/new">${escapeHtml(editorTextsFor(lang).newOffer)}</a></p>`
    : '';
  const results =
    'error' in result
      ? `<div id="results"><p class="error" role="alert">${escapeHtml(result.error)}</p></div>`
      : `<div id="results">${rows(lang, result.list)}${pager(lang, query, result.list)}</div>`;
  return {
    lang,
    title: t.offers,
    section: 'offers',
    signed,
    body: `<h1>${escapeHtml(t.offers)}</h1>${create}${filterForm(lang, query)}${results}`,
  };
}
