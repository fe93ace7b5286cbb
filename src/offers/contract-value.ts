// The recurring contract value written at publish for list filtering and sorting.
// Definition (the seed is silent on the period): the annualised value of the recurring line items,
// in cents — one year of billing. One-time items do not count. A flat fee ignores quantity.
import { AppError } from '../platform/errors.js';

export interface LineItem {
  name: string;
  description?: string | null;
  quantity: number;
  unitAmountCents: number;
  currency: string;
  /** `[number][H|D|W|M|Y]`, e.g. `1M`; null for one-time items. */
  interval: string | null;
  priceType: 'per_unit' | 'flat_fee';
  /** VAT percent (two decimals at most); absent or null: the organisation's default (offers/totals.ts). */
  taxRate?: number | null;
  /** Percent off this line's amount (two decimals at most). */
  discountPercent?: number | null;
}

const PER_YEAR: Record<string, bigint> = { H: 8760n, D: 365n, W: 52n, M: 12n, Y: 1n };

/** Billing periods per year as a fraction `num / den` (e.g. `3M` → 12/3). */
function periodsPerYear(interval: string): { num: bigint; den: bigint } {
  const match = /^([1-9][0-9]*)([HDWMY])$/.exec(interval);
  if (!match) throw new AppError('unprocessable', `Invalid interval "${interval}".`);
  return { num: PER_YEAR[match[2]!]!, den: BigInt(match[1]!) };
}

/** null when there is no line item; cents rounded down. Mixed currencies cannot be summed: 422. */
export function contractValue(items: readonly LineItem[]): { cents: bigint; currency: string } | null {
  if (items.length === 0) return null;
  const currencies = new Set(items.map((i) => i.currency));
  if (currencies.size > 1) {
    throw new AppError('unprocessable', 'All line items of an offer must share one currency.', [
      { propertyPath: 'lineItems', message: `Found currencies ${[...currencies].join(', ')}.` },
    ]);
  }
  let cents = 0n;
  for (const item of items) {
    if (item.interval === null) continue;
    const amount = BigInt(item.unitAmountCents) * (item.priceType === 'flat_fee' ? 1n : BigInt(item.quantity));
    const { num, den } = periodsPerYear(item.interval);
    cents += (amount * num) / den;
  }
  return { cents, currency: items[0]!.currency };
}
