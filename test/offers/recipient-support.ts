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
