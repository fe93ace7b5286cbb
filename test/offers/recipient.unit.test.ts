// Pure parts of the recipient's side: invoice-details validation, signature images, money text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { formatMoney, intervalText } from '../../src/documents/offer-documents.js';
import { AppError } from '../../src/platform/errors.js';
import { parseInvoiceDetails } from '../../src/offers/public/invoice-details.js';
import { parseSignatureImage } from '../../src/offers/public/signature-image.js';
import { INVOICE_DETAILS, PNG_BASE64, PNG_DATA_URL } from './recipient-support.js';

const paths = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AppError);
    return { status: e.status, paths: e.violations.map((v) => v.propertyPath).sort() };
  }
  assert.fail('expected an error');
};

/** A PNG from parts (CRCs are not checked by the decoder, so zeros do). */
function png(width: number, height: number, color: number, idat: Buffer, iend = true): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = color;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    ...(iend ? [chunk('IEND', Buffer.alloc(0))] : []),
  ]);
}

describe('recipient input', () => {
  it('normalises invoice details and keeps only given fields', () => {
    const d = parseInvoiceDetails({ ...INVOICE_DETAILS, phone: '', addressLine2: '  ' });
    assert.equal(d.country, 'DE');
    assert.equal(d.vatId, 'DE123456789');
    assert.equal('phone' in d, false);
    assert.equal('addressLine2' in d, false);
    assert.equal(d.costCenter, 'CC-42');
  });

  it('names every bad or missing invoice field', () => {
    assert.deepEqual(
      paths(() => parseInvoiceDetails({})),
      { status: 422, paths: ['city', 'companyName', 'country', 'email', 'street', 'zip'] },
    );
    assert.deepEqual(paths(() => parseInvoiceDetails({ ...INVOICE_DETAILS, city: 5, leitwegId: '991-33333TEST-33' })).paths, ['city']);
    assert.deepEqual(paths(() => parseInvoiceDetails({ ...INVOICE_DETAILS, companyName: 'x'.repeat(201) })).paths, ['companyName']);
  });

  it('takes a PNG signature as data URL or base64, refuses others and oversized ones', () => {
    assert.equal(parseSignatureImage(PNG_DATA_URL).subarray(1, 4).toString(), 'PNG');
    assert.equal(parseSignatureImage(PNG_BASE64).subarray(1, 4).toString(), 'PNG');
    assert.equal(paths(() => parseSignatureImage(undefined)).status, 422);
    assert.equal(paths(() => parseSignatureImage('data:image/jpeg;base64,/9j/4AAQ')).status, 422);
    assert.equal(paths(() => parseSignatureImage(Buffer.alloc(300 * 1024).toString('base64'))).status, 413);
    // A huge canvas (decoding it for the PDF would take gigabytes) is refused by its header.
    const huge = Buffer.from(PNG_BASE64, 'base64');
    huge.writeUInt32BE(100_000, 16);
    assert.equal(paths(() => parseSignatureImage(huge.toString('base64'))).status, 422);
  });

  it('refuses PNGs that the PDF renderer could not decode (corrupt or oversized pixel data)', () => {
    const rows = (w: number, h: number, filter = 0) =>
      Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([filter]), Buffer.alloc(w * 4, 200)])));
    const good = png(40, 10, 6, zlib.deflateSync(rows(40, 10)));
    assert.equal(parseSignatureImage(good.toString('base64')).length, good.length);
    for (const bad of [
      png(40, 10, 6, Buffer.alloc(60, 7)), // not zlib data
      png(40, 10, 6, zlib.deflateSync(rows(40, 5))), // too few rows
      png(40, 10, 6, zlib.deflateSync(rows(40, 10, 9))), // unknown filter type
      png(40, 10, 6, zlib.deflateSync(rows(40, 10)), false), // no IEND
      png(40, 10, 5, zlib.deflateSync(rows(40, 10))), // unknown colour type
    ]) {
      assert.equal(paths(() => parseSignatureImage(bad.toString('base64'))).status, 422);
    }
  });

  it('formats money with bigint math per locale', () => {
    assert.equal(formatMoney(123456, 'EUR', 'de'), '1.234,56 EUR');
    assert.equal(formatMoney(123456, 'EUR', 'en'), 'EUR 1,234.56');
    assert.equal(formatMoney(5n, 'EUR', 'de'), '0,05 EUR');
    assert.equal(formatMoney(100000000000000n, 'USD', 'en-GB'), 'USD 1,000,000,000,000.00');
    assert.equal(intervalText('1M', 'de'), 'pro Monat');
    assert.equal(intervalText('3M', 'en'), 'every 3 months');
    assert.equal(intervalText(null, 'de'), 'einmalig');
  });
});
