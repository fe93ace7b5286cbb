import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  langFromAcceptLanguage,
  langOf,
  minorUnits,
} from '../../src/platform/locale-format.js';

// ICU separates a currency symbol with a no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('locale formatting', () => {
  it('writes money the way each language does, from minor units', () => {
    assert.equal(plain(formatMoney(1_810_000n, 'EUR', 'de')), '18.100,00 €');
    assert.equal(formatMoney(1_810_000n, 'EUR', 'en'), '€18,100.00');
    assert.equal(formatMoney(5000, 'JPY', 'en'), '¥5,000');
    assert.equal(formatMoney(-1999, 'USD', 'en'), '-$19.99');
    assert.equal(formatMoney(123_456_789_012_345_678_901n, 'EUR', 'en'), '€1,234,567,890,123,456,789.01');
  });

  it('knows minor units from ICU', () => {
    assert.equal(minorUnits('EUR'), 2);
    assert.equal(minorUnits('JPY'), 0);
  });

  it('writes dates and times by language, in the given zone', () => {
    const d = new Date('2027-01-31T23:30:00Z');
    assert.equal(formatDate(d, 'de'), '31.01.2027');
    assert.equal(formatDate(d, 'en'), 'January 31, 2027');
    assert.equal(formatDate(d, 'de', 'Europe/Berlin'), '01.02.2027');
    assert.match(plain(formatDateTime(d, 'de')), /^31\.01\.2027, 23:30 UTC$/);
    assert.match(plain(formatDateTime(d, 'en')), /^January 31, 2027 at 11:30 PM UTC$/);
  });

  it('writes percents and numbers by language', () => {
    assert.equal(plain(formatPercent(7.5, 'de')), '7,5 %');
    assert.equal(formatPercent(19, 'en'), '19%');
    assert.equal(formatNumber(1250, 'de'), '1.250');
    assert.equal(formatNumber(1250.5, 'en'), '1,250.5');
  });

  it('maps locale tags and Accept-Language to a supported language', () => {
    assert.equal(langOf('de_AT'), 'de');
    assert.equal(langOf('en-GB'), 'en');
    assert.equal(langOf(null), 'de');
    assert.equal(langFromAcceptLanguage('fr;q=1, de-CH;q=0.8, en;q=0.9'), 'en');
    assert.equal(langFromAcceptLanguage('fr, de;q=0.5'), 'de');
    assert.equal(langFromAcceptLanguage('fr, it'), 'en');
    assert.equal(langFromAcceptLanguage('fr', 'de'), 'de');
    assert.equal(langFromAcceptLanguage(undefined), 'en');
    assert.equal(langFromAcceptLanguage('de;q=0, en;q=0.1'), 'en');
    assert.equal(langFromAcceptLanguage('de;q=abc'), 'en');
  });
});
