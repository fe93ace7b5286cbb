import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contractValue, type LineItem } from '../../src/offers/contract-value.js';
import { versionHash } from '../../src/offers/version-hash.js';

const item = (over: Partial<LineItem>): LineItem => ({
  name: 'x',
  quantity: 1,
  unitAmountCents: 1000,
  currency: 'EUR',
  interval: '1M',
  priceType: 'per_unit',
  ...over,
});

describe('contract value (annualised recurring, cents)', () => {
  it('is null without line items', () => assert.equal(contractValue([]), null));
  it('scales per-unit prices with quantity but not flat fees', () => {
    assert.deepEqual(contractValue([item({ quantity: 3 })]), { cents: 36000n, currency: 'EUR' });
    assert.deepEqual(contractValue([item({ quantity: 3, priceType: 'flat_fee' })]), { cents: 12000n, currency: 'EUR' });
  });
  it('ignores one-time items and normalises intervals to a year', () => {
    assert.deepEqual(
      contractValue([item({ interval: null }), item({ interval: '1Y' }), item({ interval: '3M' }), item({ interval: '1W' })]),
      {
        cents: 1000n + 4000n + 52000n,
        currency: 'EUR',
      },
    );
  });
  it('refuses mixed currencies', () => assert.throws(() => contractValue([item({}), item({ currency: 'USD' })]), /one currency/));
  it('keeps precision past 2^53 cents', () => {
    assert.equal(
      contractValue([item({ unitAmountCents: 1_000_000_000_000, quantity: 1_000_000, interval: '1M' })])!.cents,
      12_000_000_000_000_000_000n,
    );
  });
});

describe('version hash', () => {
  it('ignores key order and changes with content', () => {
    assert.equal(versionHash({ a: 1, b: { c: 2, d: 3 } }), versionHash({ b: { d: 3, c: 2 }, a: 1 }));
    assert.notEqual(versionHash({ a: 1 }), versionHash({ a: 2 }));
  });
});
