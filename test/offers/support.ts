// Shared helpers for the offers tests: create offers and drive them through HTTP.
import assert from 'node:assert/strict';
import type { TestApp } from '../helpers/app.js';
import { ADMIN_TOKEN, bearer, json } from '../helpers/app.js';

export async function createOffer(t: TestApp, token: string, body: Record<string, unknown> = { name: 'Website relaunch' }) {
  const res = await t.app.inject({ method: 'POST', url: '/offers', headers: bearer(token), payload: body });
  assert.equal(res.statusCode, 201, res.body);
  return json(res);
}

export async function publish(t: TestApp, token: string, id: string, body: Record<string, unknown> = {}) {
  return t.app.inject({ method: 'POST', url: `/api/offers/${id}/publish`, headers: bearer(token), payload: body });
}

/** An esignature offer with one signer, published: status `signing`. */
export async function signingOffer(t: TestApp, token: string) {
  const offer = await createOffer(t, token, {
    name: 'Signed deal',
    acceptanceMode: 'esignature',
    recipients: [{ email: 'signer@example.com', firstName: 'Sam', lastName: 'Signer', role: 'sign' }],
  });
  const res = await publish(t, token, offer.id);
  assert.equal(res.statusCode, 200, res.body);
  return offer;
}

/** A token of the organisation limited to `scopes`, issued through the admin API. */
export async function scopedToken(t: TestApp, organisationId: string, scopes: string[]): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/admin/organisations/${organisationId}/api-tokens`,
    headers: bearer(ADMIN_TOKEN),
    payload: { scopes },
  });
  assert.equal(res.statusCode, 201, res.body);
  return json(res).token;
}

export async function getOffer(t: TestApp, token: string, id: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/offers/${id}`, headers: bearer(token) });
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
}
