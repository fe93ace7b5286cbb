// Console test helpers: users made through the admin API, sign-in through the form, and the
// CSRF token read from a page, as a browser would.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_TOKEN, bearer, json, type TestApp } from '../helpers/app.js';
import type { App } from '../../src/platform/deps.js';

export const PASSWORD = 'violet-Kestrel-Harbour-42';

export const form = (fields: Record<string, string>) => ({
  'content-type': 'application/x-www-form-urlencoded',
  payload: new URLSearchParams(fields).toString(),
});

export async function addUser(t: TestApp, organisationId: string, user: { email: string; name?: string; role: string; password?: string }) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/admin/organisations/${organisationId}/users`,
    headers: bearer(ADMIN_TOKEN),
    payload: { name: 'Test Person', password: PASSWORD, ...user },
  });
  assert.equal(response.statusCode, 201, response.body);
  return json<{ user: { id: string; email: string }; invitation: { link: string | null; emailed: boolean } | null }>(response);
}

/** The session cookie's `name=value` from a response. */
export function cookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0]! : String(header ?? '');
  return value.split(';')[0]!;
}

export async function post(app: App, url: string, fields: Record<string, string>, cookie?: string) {
  const { payload, ...headers } = form(fields);
  return app.inject({ method: 'POST', url, payload, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
}

export async function signIn(app: App, email: string, password = PASSWORD, extra: Record<string, string> = {}, cookie?: string) {
  const response = await post(app, '/app/login', { email, password, ...extra }, cookie);
  assert.equal(response.statusCode, 303, response.body);
  return { response, cookie: cookieOf(response) };
}

export const csrfIn = (html: string): string => {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(match, 'the page carries a CSRF token');
  return match[1]!;
};

export async function csrfOf(app: App, cookie: string, url = '/app/offers'): Promise<string> {
  const page = await app.inject({ method: 'GET', url, headers: { cookie } });
  assert.equal(page.statusCode, 200, page.body);
  return csrfIn(page.body);
}

let counter = 0;
export const uniqueEmail = (prefix = 'user') => `${prefix}-${++counter}-${Date.now()}@example.com`;

/** A new organisation with a signed-in user of `role`: its id, API token, session cookie and a CSRF token. */
export async function signedInOrganisation(t: TestApp, name: string, role = 'seller') {
  const created = await t.newOrganisation(name);
  const email = uniqueEmail(role);
  await addUser(t, created.organisation.id, { email, role });
  const cookie = (await signIn(t.app, email)).cookie;
  return { org: created.organisation.id, token: created.apiToken, cookie, csrf: await csrfOf(t.app, cookie) };
}

/** The offer template the browser suites write offers from. */
export const WEBSITE_TEMPLATE = {
  name: 'Website package',
  title: 'Website relaunch',
  validForDays: 30,
  sections: ['Thank you for your interest. Here is our offer.'],
  lineItems: [
    { name: 'Design', quantity: 1, unitAmountCents: 250000, currency: 'EUR', interval: null, priceType: 'flat_fee', taxRate: 19 },
  ],
};
