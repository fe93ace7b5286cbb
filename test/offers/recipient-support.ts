// Helpers for the recipient's side: links → tokens, public calls, a small PNG signature.
import assert from 'node:assert/strict';
import type { TestApp } from '../helpers/app.js';
import { bearer, json } from '../helpers/app.js';
import { createOffer, publish } from './support.js';

/** A valid 1×1 PNG, as a drawn signature would arrive (padded past the 67-byte minimum). */
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
export const PNG_DATA_URL = `data:image/png;base64,${PNG_BASE64}`;

export const tokenOf = (link: string) => link.split('/o/')[1]!;

export function pub(t: TestApp, method: 'GET' | 'POST', token: string, path = '', payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method,
    url: `/public/offers/${token}${path}`,
    headers: { 'user-agent': 'recipient-test/1.0', ...headers },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}

export const sign = (t: TestApp, token: string, fullName = 'Anna Muster', extra: Record<string, unknown> = {}) =>
  pub(t, 'POST', token, '/sign', { fullName, signatureImage: PNG_DATA_URL, consent: true, ...extra });

export const INVOICE_DETAILS = {
  companyName: 'Müller & Söhne GmbH',
  firstName: 'Jürgen',
  lastName: 'Weiß',
  street: 'Hauptstraße 1',
  zip: '10115',
  city: 'Berlin',
  country: 'de',
  vatId: 'DE 123 456 789',
  email: 'billing@mueller.example',
  poNumber: 'PO-4711',
  costCenter: 'CC-42',
  leitwegId: '04011000-1234512345-06',
};

/** Creates and publishes an offer with the given recipients; returns the offer (as published) and tokens by e-mail. */
export async function publishedOffer(t: TestApp, apiToken: string, body: Record<string, unknown>) {
  const created = await createOffer(t, apiToken, {
    name: 'Website-Relaunch',
    locale: 'de',
    sections: ['Wir freuen uns über Ihr Interesse, {{contact}}.'],
    customVariables: { contact: 'Frau Muster' },
    lineItems: [
      { name: 'Hosting', quantity: 2, unitAmountCents: 4999, currency: 'EUR', interval: '1M', priceType: 'per_unit' },
      { name: 'Einrichtung', quantity: 1, unitAmountCents: 150000, currency: 'EUR', interval: null, priceType: 'flat_fee' },
    ],
    ...body,
  });
  const res = await publish(t, apiToken, created.id);
  assert.equal(res.statusCode, 200, res.body);
  const offer = json(await t.app.inject({ method: 'GET', url: `/api/offers/${created.id}`, headers: bearer(apiToken) }));
  const tokens: Record<string, string> = Object.fromEntries(
    offer.recipients.map((r: { email: string; link: string }) => [r.email, tokenOf(r.link)]),
  );
  return { offer, tokens };
}

export async function topics(t: TestApp, offerId: string): Promise<string[]> {
  const { rows } = await t.db.query<{ topic: string }>("SELECT topic FROM outbox WHERE payload->'data'->>'id' = $1 ORDER BY id", [offerId]);
  return rows.map((r) => r.topic);
}

/** A multipart/form-data body as a browser sends a form with a file input (the file is optional). */
export function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }) {
  const boundary = `----offerpay${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${file.name}"; filename="po.pdf"\r\ncontent-type: ${file.type ?? 'application/pdf'}\r\n\r\n`,
      ),
    );
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A seller with a full profile, and line items whose totals are known: one-time 12.863,00 € gross, monthly 118,98 €. */
export const SELLER_PROFILE = {
  legalName: 'Muster Software GmbH',
  address: { line1: 'Marienplatz 1', postalCode: '80331', city: 'München', country: 'DE' },
  vatId: 'DE999999999',
  email: 'vertrieb@muster.example',
  defaultTaxRate: 19,
};

export const PRICED_OFFER = {
  name: 'Plattform-Einführung',
  validUntil: '2027-01-31T12:00:00Z',
  contactPerson: { firstName: 'Anna', lastName: 'Muster', email: 'anna@muster.example', phone: '+49 89 1234567' },
  lineItems: [
    { name: 'Beratung', quantity: 4, unitAmountCents: 250000, currency: 'EUR', interval: null, priceType: 'per_unit' },
    {
      name: 'Schulung',
      quantity: 1,
      unitAmountCents: 100000,
      currency: 'EUR',
      interval: null,
      priceType: 'flat_fee',
      taxRate: 7,
      discountPercent: 10,
    },
    { name: 'Hosting', quantity: 2, unitAmountCents: 4999, currency: 'EUR', interval: '1M', priceType: 'per_unit' },
  ],
};
