// The line items of an offer on paper: one row per line (quantity, unit price, discount, net, tax
// rate) and, per billing interval, the totals: net, VAT per rate, gross (offers/totals.ts computes them).
import type { LineItem } from '../offers/contract-value.js';
import { offerTotals, type IntervalTotals } from '../offers/totals.js';
import { formatMoney, formatNumber, formatPercent, type Lang } from '../platform/locale-format.js';
import { documentTexts } from './document-texts.js';
import { intervalText } from './intervals.js';
import type { Block, Cell } from './pdf-model.js';

export function lineItemBlocks(items: readonly LineItem[], defaultTaxRate: number, lang: Lang): Block[] {
  const totals = offerTotals(items, defaultTaxRate);
  if (!totals) return [];
  const t = documentTexts(lang);
  const money = (cents: bigint | number, currency = totals.currency) => formatMoney(cents, currency, lang);
  const rows = items.map((item, i): Cell[] => {
    const line = totals.lines[i]!;
    return [
      [
        { text: item.name },
        ...(item.description ? [{ text: item.description, muted: true }] : []),
        { text: intervalText(item.interval, lang), muted: true },
      ],
      formatNumber(item.quantity, lang),
      item.priceType === 'flat_fee'
        ? [{ text: money(item.unitAmountCents, item.currency) }, { text: t.flat, muted: true }]
        : money(item.unitAmountCents, item.currency),
      item.discountPercent ? formatPercent(item.discountPercent, lang) : '–',
      money(line.netCents, item.currency),
      formatPercent(line.taxRate, lang),
    ];
  });
  return [
    { kind: 'heading', text: t.lineItems },
    {
      kind: 'table',
      columns: t.columns,
      widths: [150, 55, 85, 55, 90, 60],
      align: ['left', 'right', 'right', 'right', 'right', 'right'],
      rows,
    },
    ...totals.intervals.map((interval) => totalsBlock(interval, money, lang)),
  ];
}

function totalsBlock(totals: IntervalTotals, money: (cents: bigint) => string, lang: Lang): Block {
  const t = documentTexts(lang);
  const several = totals.taxes.length > 1;
  return {
    kind: 'totals',
    caption: `${t.totals} (${intervalText(totals.interval, lang)})`,
    rows: [
      ...(totals.discountCents > 0n
        ? [
            { label: t.subtotal, value: money(totals.subtotalCents) },
            { label: t.discount, value: money(-totals.discountCents) },
          ]
        : []),
      { label: t.net, value: money(totals.netCents) },
      ...totals.taxes.map((tax) => ({
        label: t.vat(formatPercent(tax.rate, lang)) + (several ? ` (${money(tax.netCents)})` : ''),
        value: money(tax.taxCents),
      })),
      { label: t.gross, value: money(totals.grossCents), strong: true },
    ],
  };
}
