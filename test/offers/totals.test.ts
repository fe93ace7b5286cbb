import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LineItem } from '../../src/offers/contract-value.js';
import { lineAmounts, offerTotals } from '../../src/offers/totals.js';

const item = (over: Partial<LineItem>): LineItem => ({
  name: 'x',
  quantity: 1,
  unitAmountCents: 1000,
  currency: 'EUR',
  interval: null,
  priceType: 'per_unit',
  ...over,
});

describe('offer totals', () => {
  it('is null without line items', () => assert.equal(offerTotals([], 19), null));

  it('multiplies per-unit prices by quantity, never flat fees, and rounds a discount half up', () => {
    assert.deepEqual(lineAmounts(item({ quantity: 3, unitAmountCents: 333, discountPercent: 12.5 }), 19), {
      baseCents: 999n,
      discountCents: 125n, // 124.875 → 125
      netCents: 874n,
      taxRate: 19,
      interval: null,
    });
    assert.equal(lineAmounts(item({ quantity: 7, priceType: 'flat_fee' }), 19).baseCents, 1000n);
  });

  it("uses the line's own tax rate, else the default", () => {
    assert.equal(lineAmounts(item({ taxRate: 7 }), 19).taxRate, 7);
    assert.equal(lineAmounts(item({ taxRate: 0 }), 19).taxRate, 0);
    assert.equal(lineAmounts(item({ taxRate: null }), 20).taxRate, 20);
  });

  it('sums per interval, one-time first and shorter intervals before longer ones', () => {
    const totals = offerTotals(
      [
        item({ interval: '1Y', unitAmountCents: 10_000 }),
        item({ interval: '1M', unitAmountCents: 999, priceType: 'flat_fee', taxRate: 7 }),
        item({ interval: null, quantity: 2, discountPercent: 10 }),
        item({ interval: '1M', quantity: 3, unitAmountCents: 333 }),
        item({ interval: '3M', unitAmountCents: 500 }),
      ],
      19,
    )!;
    assert.equal(totals.currency, 'EUR');
    assert.deepEqual(
      totals.intervals.map((t) => t.interval),
      [null, '1M', '3M', '1Y'],
    );
    const [once, monthly] = totals.intervals;
    assert.deepEqual(once, {
      interval: null,
      subtotalCents: 2000n,
      discountCents: 200n,
      netCents: 1800n,
      taxes: [{ rate: 19, netCents: 1800n, taxCents: 342n }],
      grossCents: 2142n,
    });
    // VAT per rate on the summed net, highest rate first: 999 × 19 % = 189.81 → 190; 999 × 7 % = 69.93 → 70.
    assert.deepEqual(monthly!.taxes, [
      { rate: 19, netCents: 999n, taxCents: 190n },
      { rate: 7, netCents: 999n, taxCents: 70n },
    ]);
    assert.equal(monthly!.grossCents, 1998n + 260n);
  });

  it('keeps exact cents beyond 2^53', () => {
    const totals = offerTotals([item({ quantity: 1_000_000_000, unitAmountCents: 1_000_000_000_000, taxRate: 19 })], 19)!;
    assert.equal(totals.intervals[0]!.netCents, 10n ** 21n);
    assert.equal(totals.intervals[0]!.grossCents, 119n * 10n ** 19n);
  });

  it('computes VAT on fractional rates in basis points', () => {
    const totals = offerTotals([item({ unitAmountCents: 10_000, taxRate: 8.1 })], 19)!;
    assert.equal(totals.intervals[0]!.taxes[0]!.taxCents, 810n);
  });
});
