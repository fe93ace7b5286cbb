// What is offered and what it costs: the published text, one row per line item (quantity × unit,
// discount, net amount) and, per billing interval, the discount, net, VAT per rate and gross from
// offerTotals(). Amounts in the offer's locale (18.100,00 € / €18,100.00).
import type { PublishedContent } from '../../documents/offer-documents.js';
import { formatMoney, formatNumber, formatPercent, type Lang } from '../../platform/locale-format.js';
import type { LineItem } from '../contract-value.js';
import { offerTotals, type IntervalTotals, type OfferTotals } from '../totals.js';
import { esc } from './page-layout.js';
import type { Texts } from './page-texts.js';

const resolveVars = (text: string, vars: Record<string, string> | null | undefined) =>
  text.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (m, k: string) => vars?.[k] ?? m);

/** The sections and blocks, as published, with their {{variables}} filled in. */
export function textHtml(c: PublishedContent): string {
  const vars = c.customVariables;
  const parts: string[] = [];
  for (const s of c.sections ?? []) parts.push(`<p>${esc(resolveVars(s, vars))}</p>`);
  for (const b of c.blocks ?? []) {
    const pick = (...keys: string[]) => keys.map((k) => b[k]).find((x): x is string => typeof x === 'string');
    if (b.type === 'heading' || b.type === 'title')
      parts.push(`<h2>${esc(resolveVars(pick('text', 'title', 'content') ?? '', vars))}</h2>`);
    else {
      const h = pick('title', 'heading');
      const text = pick('text', 'content', 'body');
      if (h) parts.push(`<h2>${esc(resolveVars(h, vars))}</h2>`);
      if (text) parts.push(`<p>${esc(resolveVars(text, vars))}</p>`);
    }
  }
  return parts.join('\n');
}

/** The line items and their totals; '' for an offer without line items. */
export function itemsHtml(items: readonly LineItem[], defaultTaxRate: number, t: Texts, lang: Lang): string {
  const totals = offerTotals(items, defaultTaxRate);
  if (!totals) return '';
  const money = (cents: bigint | number) => esc(formatMoney(cents, totals.currency, lang));
  const withDiscount = totals.lines.some((l) => l.discountCents > 0n);
  const head = [
    `<th scope="col">${t.item}</th>`,
    `<th scope="col" class="n">${t.qty}</th>`,
    `<th scope="col" class="n">${t.unitPrice}</th>`,
    withDiscount ? `<th scope="col" class="n">${t.discount}</th>` : '',
    `<th scope="col" class="n">${t.amount}</th>`,
    `<th scope="col">${t.interval}</th>`,
  ].join('');
  const rows = items.map((item, i) => {
    const line = totals.lines[i]!;
    const cell = (label: string, value: string, cls = 'n') => `<td class="${cls}" data-label="${esc(label)}">${value}</td>`;
    const discount =
      line.discountCents > 0n ? `−${money(line.discountCents)} (${esc(formatPercent(item.discountPercent ?? 0, lang))})` : '–';
    return `<tr>${cell(t.item, `${esc(item.name)}${item.description ? `<br><span class="muted">${esc(item.description)}</span>` : ''}`, 'name')}${cell(t.qty, item.priceType === 'flat_fee' ? t.flat : esc(formatNumber(item.quantity, lang)))}${cell(t.unitPrice, money(item.unitAmountCents))}${withDiscount ? cell(t.discount, discount) : ''}${cell(t.amount, money(line.netCents))}${cell(t.interval, esc(t.intervalText(item.interval)), 'interval')}</tr>`;
  });
  return `<h2>${t.items}</h2><table class="items" id="line-items"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>
<h2>${t.totals}</h2>${totals.intervals.map((it) => intervalHtml(it, totals, t, lang)).join('\n')}`;
}

function intervalHtml(it: IntervalTotals, totals: OfferTotals, t: Texts, lang: Lang): string {
  const money = (cents: bigint) => esc(formatMoney(cents, totals.currency, lang));
  const row = (label: string, value: string, cls = '') =>
    `<tr${cls ? ` class="${cls}"` : ''}><th scope="row">${label}</th><td class="n">${value}</td></tr>`;
  const rows: string[] = [];
  if (it.discountCents > 0n) {
    rows.push(row(t.subtotal, money(it.subtotalCents)));
    rows.push(row(t.discount, `−${money(it.discountCents)}`));
  }
  rows.push(row(t.net, money(it.netCents)));
  for (const tax of it.taxes)
    rows.push(row(esc(t.vat(formatPercent(tax.rate, lang), formatMoney(tax.netCents, totals.currency, lang))), money(tax.taxCents)));
  rows.push(row(t.gross, money(it.grossCents), 'gross'));
  const key = it.interval ?? 'once';
  return `<table class="totals" id="totals-${esc(key)}"><caption>${esc(t.totalsFor(t.intervalText(it.interval)))}</caption><tbody>${rows.join('')}</tbody></table>`;
}
