// What an offer costs: each line's amount, and per billing interval (one-time, per month, per year…)
// the discount, net, VAT per rate and gross. Prices are net; VAT is computed once per rate and
// interval on the summed net (rounded half up to the cent), as an invoice would. Pure: no I/O.
// Amounts are bigint cents: quantity × unit price can pass 2^53.
import type { LineItem } from './contract-value.js';

export interface LineAmounts {
  /** unitAmountCents × quantity (× 1 for a flat fee). */
  baseCents: bigint;
  discountCents: bigint;
  /** baseCents − discountCents. */
  netCents: bigint;
  /** Percent; the line's own rate or the default. */
  taxRate: number;
  interval: string | null;
}

export interface TaxAmount {
  rate: number;
  /** Net amount taxed at this rate. */
  netCents: bigint;
  taxCents: bigint;
}

export interface IntervalTotals {
  /** null for one-time items, else the line items' interval (`1M`, `1Y`, `3M`…). */
  interval: string | null;
  /** Sum of the lines' base amounts, before discounts. */
  subtotalCents: bigint;
  discountCents: bigint;
  netCents: bigint;
  /** One entry per rate, highest rate first. */
  taxes: TaxAmount[];
  grossCents: bigint;
}

export interface OfferTotals {
  currency: string;
  lines: LineAmounts[];
  /** One-time first, then shorter intervals before longer ones (1M, 3M, 1Y). */
  intervals: IntervalTotals[];
}

const HOURS: Record<string, number> = { H: 1, D: 24, W: 168, M: 730, Y: 8760 };

function intervalHours(interval: string | null): number {
  if (interval === null) return -1;
  const match = /^([1-9][0-9]*)([HDWMY])$/.exec(interval);
  return match ? Number(match[1]) * HOURS[match[2]!]! : Number.MAX_SAFE_INTEGER;
}

/** Percent (two decimals at most) as basis points, so the arithmetic stays in integers. */
const basisPoints = (percent: number): bigint => BigInt(Math.round(percent * 100));

/** value × percent / 100, rounded half up to the cent. */
function percentOf(cents: bigint, percent: number): bigint {
  return (cents * basisPoints(percent) + 5000n) / 10000n;
}

export function lineAmounts(item: LineItem, defaultTaxRate: number): LineAmounts {
  const baseCents = BigInt(item.unitAmountCents) * (item.priceType === 'flat_fee' ? 1n : BigInt(item.quantity));
  const discountCents = item.discountPercent ? percentOf(baseCents, item.discountPercent) : 0n;
  return {
    baseCents,
    discountCents,
    netCents: baseCents - discountCents,
    taxRate: item.taxRate ?? defaultTaxRate,
    interval: item.interval,
  };
}

/** null when the offer has no line item (an offer with only text has no totals). */
export function offerTotals(items: readonly LineItem[], defaultTaxRate: number): OfferTotals | null {
  if (items.length === 0) return null;
  const lines = items.map((item) => lineAmounts(item, defaultTaxRate));
  const byInterval = new Map<string | null, LineAmounts[]>();
  for (const line of lines) byInterval.set(line.interval, [...(byInterval.get(line.interval) ?? []), line]);
  const intervals = [...byInterval.entries()]
    .sort(([a], [b]) => intervalHours(a) - intervalHours(b))
    .map(([interval, group]) => intervalTotals(interval, group));
  return { currency: items[0]!.currency, lines, intervals };
}

function intervalTotals(interval: string | null, group: LineAmounts[]): IntervalTotals {
  const sum = (pick: (l: LineAmounts) => bigint) => group.reduce((total, l) => total + pick(l), 0n);
  const netByRate = new Map<number, bigint>();
  for (const line of group) netByRate.set(line.taxRate, (netByRate.get(line.taxRate) ?? 0n) + line.netCents);
  const taxes = [...netByRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, netCents]) => ({ rate, netCents, taxCents: percentOf(netCents, rate) }));
  const netCents = sum((l) => l.netCents);
  return {
    interval,
    subtotalCents: sum((l) => l.baseCents),
    discountCents: sum((l) => l.discountCents),
    netCents,
    taxes,
    grossCents: netCents + taxes.reduce((total, t) => total + t.taxCents, 0n),
  };
}
