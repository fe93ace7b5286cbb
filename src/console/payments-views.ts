// The payments screens' shared parts (sub-navigation, status badges, amounts) and two of them: the
// invoice list (filters in the URL, htmx swapping the results) and the balances.
import type { listAccounts, listInvoices } from '../invoices/queries.js';
import { findCurrency, displayAmount } from '../invoices/currencies.js';
import { parseUnits } from '../invoices/money.js';
import { STATUSES } from '../invoices/states.js';
import { escapeHtml } from '../platform/html.js';
import { formatDateTime, type Lang } from '../platform/locale-format.js';
import { can } from '../users/permissions.js';
import { scrollBox, type Signed, type View } from './layout.js';
import { paymentsTextsFor, type PaymentsTexts } from './payments-texts.js';

export const PAYMENTS = '/app/payments';

export type InvoicePage = Awaited<ReturnType<typeof listInvoices>>;
export type Accounts = Awaited<ReturnType<typeof listAccounts>>;

/** The list's query as the URL carries it, checked. */
export interface InvoiceQuery {
  status: string;
  page: number;
  perPage: number;
}

/** An amount string of the Merchant API (8 decimals) as people read it, with its currency. */
export function amountText(amount: string | null, currency: string | null): string {
  if (amount === null || currency === null) return '–';
  const units = parseUnits(amount);
  return `${units === null ? amount : displayAmount(findCurrency(currency), units)} ${currency}`;
}

export const unixTime = (seconds: number | null, lang: Lang) => (seconds === null ? '–' : formatDateTime(new Date(seconds * 1000), lang));

export const statusBadge = (t: PaymentsTexts, status: string) =>
  `<span class="badge badge-${escapeHtml(status)}">${escapeHtml(t.statusLabel[status] ?? status)}</span>`;

/** Invoices, balances and (for those who manage payments) settings. */
export function paymentsNav(t: PaymentsTexts, signed: Signed, current: 'invoices' | 'balances' | 'settings'): string {
  const items: [typeof current, string, string][] = [
    ['invoices', PAYMENTS, t.invoices],
    ['balances', `${PAYMENTS}/balances`, t.balances],
  ];
  if (can(signed.user.role, 'payments.manage')) items.push(['settings', `${PAYMENTS}/settings`, t.settings]);
  const links = items.map(
    ([key, href, label]) => `<li><a href="${href}"${key === current ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a></li>`,
  );
  return `<nav class="subnav" aria-label="${escapeHtml(t.subnav)}"><ul>${links.join('')}</ul></nav>`;
}

const queryString = (q: InvoiceQuery, page: number) => {
  const params = new URLSearchParams();
  if (q.status) params.set('status', q.status);
  if (q.perPage !== 25) params.set('per_page', String(q.perPage));
  if (page !== 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
};

function filterForm(t: PaymentsTexts, q: InvoiceQuery): string {
  const option = (value: string, label: string, chosen: string) =>
    `<option value="${escapeHtml(value)}"${value === chosen ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const statuses = [option('', t.any, q.status), ...STATUSES.map((s) => option(s, t.statusLabel[s] ?? s, q.status))].join('');
  const sizes = ['10', '25', '50', '100'].map((n) => option(n, n, String(q.perPage))).join('');
  return `<form class="card" method="get" action="${PAYMENTS}" hx-get="${PAYMENTS}" hx-trigger="change, submit" hx-target="#results" hx-select="#results" hx-swap="outerHTML" hx-push-url="true">
<div class="filters"><div><label for="status">${escapeHtml(t.status)}</label><select id="status" name="status">${statuses}</select></div>
<div><label for="per_page">${escapeHtml(t.perPage)}</label><select id="per_page" name="per_page">${sizes}</select></div>
<div><button type="submit">${escapeHtml(t.filter)}</button></div></div></form>`;
}

function invoiceTable(lang: Lang, t: PaymentsTexts, list: InvoicePage): string {
  if (list.data.length === 0) return `<p>${escapeHtml(t.noInvoices)}</p>`;
  const rows = list.data
    .map(
      (i) =>
        `<tr><td><a href="${PAYMENTS}/invoices/${i.id}">${i.id}</a></td><td>${escapeHtml(i.foreign_id)}</td><td>${escapeHtml(i.title)}</td>
<td class="num">${escapeHtml(amountText(i.amount, i.currency))}</td><td>${statusBadge(t, i.status)}</td><td>${escapeHtml(unixTime(i.created_at, lang))}</td></tr>`,
    )
    .join('');
  const th = (label: string) => `<th scope="col">${escapeHtml(label)}</th>`;
  return scrollBox(
    t.invoices,
    `<table><thead><tr>${[t.id, t.foreignId, t.title, t.amount, t.status, t.created].map(th).join('')}</tr></thead><tbody>${rows}</tbody></table>`,
  );
}

function pager(t: PaymentsTexts, q: InvoiceQuery, list: InvoicePage): string {
  const { current_page: page, last_page: last, total } = list.meta;
  const label = t.page(page, last, total);
  const prev = page > 1 ? `<a rel="prev" href="${PAYMENTS}${escapeHtml(queryString(q, page - 1))}">${escapeHtml(t.previous)}</a>` : '';
  const next = page < last ? `<a rel="next" href="${PAYMENTS}${escapeHtml(queryString(q, page + 1))}">${escapeHtml(t.next)}</a>` : '';
  return `<nav class="pager" aria-label="${escapeHtml(label)}">${prev}<span>${escapeHtml(label)}</span>${next}</nav>`;
}

export function invoicesView(lang: Lang, signed: Signed, q: InvoiceQuery, result: { list: InvoicePage } | { error: string }): View {
  const t = paymentsTextsFor(lang);
  const results =
    'error' in result
      ? `<div id="results"><p class="error" role="alert">${escapeHtml(t.badQuery)} ${escapeHtml(result.error)}</p></div>`
      : `<div id="results">${invoiceTable(lang, t, result.list)}${pager(t, q, result.list)}</div>`;
  return {
    lang,
    title: t.invoices,
    section: 'payments',
    signed,
    body: `<h1>${escapeHtml(t.invoices)}</h1>${paymentsNav(t, signed, 'invoices')}${filterForm(t, q)}${results}`,
  };
}

export function balancesView(lang: Lang, signed: Signed, accounts: Accounts): View {
  const t = paymentsTextsFor(lang);
  const rows = accounts
    .map(
      (a) =>
        `<tr><td>${escapeHtml(a.currency)}</td><td>${escapeHtml(a.type)}</td><td class="num">${escapeHtml(amountText(a.balance, a.currency))}</td></tr>`,
    )
    .join('');
  const table = scrollBox(
    t.balances,
    `<table><thead><tr><th scope="col">${escapeHtml(t.currency)}</th><th scope="col">${escapeHtml(t.type)}</th><th scope="col">${escapeHtml(t.balance)}</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
  return {
    lang,
    title: t.balances,
    section: 'payments',
    signed,
    body: `<h1>${escapeHtml(t.balances)}</h1>${paymentsNav(t, signed, 'balances')}<p class="muted">${escapeHtml(t.balancesNote)}</p>${table}`,
  };
}
