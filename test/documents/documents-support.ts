// Produces the three PDFs of an offer through the real flow, for the text and the image tests: a
// seller with a full profile (optionally a logo), a published offer with discounted and reduced-rate
// lines, one recipient who accepts by click (or signs, with a countersigner added by the seller) and
// gives the invoice details, from a known IP.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { saveProfile, type OrganisationProfile } from '../../src/organisations/profile.js';
import { bearer, json, type ManualClock, type TestApp } from '../helpers/app.js';
import { INVOICE_DETAILS, PNG_DATA_URL, tokenOf } from '../offers/recipient-support.js';
import { createOffer, getOffer, publish } from '../offers/support.js';

export const T0 = new Date('2027-01-20T14:05:09Z');
export const BUYER_IP = '203.0.113.9';
export const COUNTERSIGNER_IP = '198.51.100.7';

export const PROFILE: OrganisationProfile = {
  legalName: 'Muster Software GmbH',
  address: { line1: 'Marienplatz 8', postalCode: '80331', city: 'München', country: 'DE' },
  vatId: 'DE123456789',
  registerEntry: 'Amtsgericht München, HRB 123456',
  email: 'info@muster.example',
  phone: '+49 89 123456',
  website: 'https://muster.example',
  bank: { accountHolder: 'Muster Software GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
  defaultTaxRate: 19,
};

export const LINE_ITEMS = [
  // 10 × 1.500,00 € less 10 %: 13.500,00 € net at the default 19 %.
  {
    name: 'Beratung',
    description: 'Workshop vor Ort',
    quantity: 10,
    unitAmountCents: 150000,
    currency: 'EUR',
    interval: null,
    priceType: 'per_unit',
    discountPercent: 10,
  },
  // A flat 3.100,00 € at 7 %.
  { name: 'Schulungsunterlagen', quantity: 1, unitAmountCents: 310000, currency: 'EUR', interval: null, priceType: 'flat_fee', taxRate: 7 },
  // 2 × 49,99 € a month at 19 %.
  { name: 'Hosting', quantity: 2, unitAmountCents: 4999, currency: 'EUR', interval: '1M', priceType: 'per_unit' },
];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** A 120×40 RGB PNG: a dark blue bar with a red square, so a drawn logo is visible in a page image. */
export function logoPng(): Buffer {
  const width = 120;
  const height = 40;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const red = x < 40;
      row.set(red ? [200, 30, 30] : [20, 40, 120], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface OfferPdfs {
  offer: Buffer;
  signed: Buffer;
  audit: Buffer;
  versionHash: string;
  signedSha256: string;
}

const call = (t: TestApp, method: 'GET' | 'POST', token: string, path: string, ip: string, payload?: Record<string, unknown>) =>
  t.app.inject({
    method,
    url: `/public/offers/${token}${path}`,
    remoteAddress: ip,
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' },
    ...(payload ? { payload } : {}),
  });

export interface FlowOptions {
  lang: 'de' | 'en';
  mode: 'click' | 'esignature';
  logo?: Buffer | 'broken';
}

export async function offerPdfs(t: TestApp, clock: ManualClock, options: FlowOptions): Promise<OfferPdfs> {
  clock.set(T0);
  const { apiToken, organisation } = await t.newOrganisation();
  await saveProfile(t.db, organisation.id, PROFILE);
  if (options.logo === 'broken') {
    // A stored logo whose bytes no longer decode (the upload route would refuse it): the letterhead falls back to the name.
    const logoMediaId = crypto.randomUUID();
    await t.db.query(
      `UPDATE organisations SET profile = profile || jsonb_build_object('logoMediaId', $2::text, 'logoImage',
         jsonb_build_object('id', $2::text, 'contentType', 'image/png', 'width', 120, 'height', 40, 'sha256', '', 'data', $3::text))
       WHERE id = $1`,
      [organisation.id, logoMediaId, Buffer.from('\x89PNG\r\n\x1a\nnot really a png at all').toString('base64')],
    );
  } else if (options.logo) {
    const uploaded = await t.app.inject({
      method: 'PUT',
      url: '/organisation/logo',
      headers: { ...bearer(apiToken), 'content-type': 'image/png' },
      payload: options.logo,
    });
    assert.equal(uploaded.statusCode, 200, uploaded.body);
  }
  const created = await createOffer(t, apiToken, {
    name: options.lang === 'de' ? 'Website-Relaunch' : 'Website relaunch',
    locale: options.lang,
    acceptanceMode: options.mode,
    validUntil: '2027-01-31T12:00:00Z',
    sections: ['Wir freuen uns über Ihr Interesse, {{contact}}.'],
    customVariables: { contact: 'Frau Muster' },
    blocks: [{ type: 'text', title: options.lang === 'de' ? 'Bedingungen' : 'Terms', text: 'Zahlbar innerhalb von 14 Tagen.' }],
    lineItems: LINE_ITEMS,
    customer: { companyName: 'Müller & Söhne GmbH', firstName: 'Jürgen', lastName: 'Weiß' },
    contactPerson: { firstName: 'Anna', lastName: 'Verkauf', email: 'anna@muster.example', phone: '+49 89 555' },
    recipients: [{ email: 'juergen@mueller.example', firstName: 'Jürgen', lastName: 'Weiß', role: 'sign' }],
  });
  if (options.mode === 'esignature') {
    const added = await t.app.inject({
      method: 'POST',
      url: `/offers/${created.id}/recipients`,
      headers: bearer(apiToken),
      payload: { email: 'clara@muster.example', firstName: 'Clara', lastName: 'Chef', role: 'countersigner' },
    });
    assert.equal(added.statusCode, 201, added.body);
  }
  const published = await publish(t, apiToken, created.id);
  assert.equal(published.statusCode, 200, published.body);
  const offer = await getOffer(t, apiToken, created.id);
  const token = (email: string) => tokenOf(offer.recipients.find((r: { email: string }) => r.email === email).link);
  const buyer = token('juergen@mueller.example');

  clock.advance(60_000);
  assert.equal((await call(t, 'GET', buyer, '', BUYER_IP)).statusCode, 200);
  clock.advance(60_000);
  if (options.mode === 'click') {
    const accepted = await call(t, 'POST', buyer, '/accept', BUYER_IP, { consent: true });
    assert.equal(accepted.statusCode, 200, accepted.body);
  } else {
    const signed = await call(t, 'POST', buyer, '/sign', BUYER_IP, {
      fullName: 'Jürgen Weiß',
      signatureImage: PNG_DATA_URL,
      consent: true,
    });
    assert.equal(signed.statusCode, 200, signed.body);
    clock.advance(60_000);
    const counter = await call(t, 'POST', token('clara@muster.example'), '/sign', COUNTERSIGNER_IP, {
      fullName: 'Clara Chef',
      signatureImage: PNG_DATA_URL,
      consent: true,
    });
    assert.equal(counter.statusCode, 200, counter.body);
  }
  clock.advance(60_000);
  const details = await call(t, 'POST', buyer, '/invoice-details', BUYER_IP, INVOICE_DETAILS);
  assert.equal(details.statusCode, 200, details.body);
  const seller = await getOffer(t, apiToken, created.id);
  assert.equal(seller.status, 'signed');

  const download = async (path: string) => {
    const res = await call(t, 'GET', buyer, path, BUYER_IP);
    assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
    return res.rawPayload;
  };
  const signed = await download('/signed-document');
  return {
    offer: await download('/document'),
    signed,
    audit: await download('/audit-log'),
    versionHash: seller.publishedVersionHash,
    signedSha256: crypto.createHash('sha256').update(signed).digest('hex'),
  };
}

/** The PDF's text per page, with Intl's no-break spaces read as spaces. */
export const pages = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').split('\f');

/** A hex hash as the documents print it: groups of 16. */
export const grouped = (hex: string) => hex.match(/.{16}/g)!.join(' ');

export { json };
