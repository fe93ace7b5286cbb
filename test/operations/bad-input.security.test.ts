// No client input produces a 500: every documented route gets malformed ids, bodies of the wrong
// shape and hostile strings, with valid credentials so that the input reaches the handlers.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sign } from '../../src/invoices/signature.js';
import { ADMIN_TOKEN, describeEachEngine, json } from '../helpers/app.js';

const PARAM_VALUES = [
  'x',
  '0',
  '-1',
  '99999999999999999999999',
  "' OR 1=1 --",
  '%00',
  '%E2%82',
  'ÄÖÜ',
  '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  '00000000-0000-4000-8000-000000000000',
];
const QUERIES = [
  '',
  '?page=%00&limit=abc',
  '?status[]=%00&dealType=%00&contactPerson[]=%00&order[name]=sideways',
  '?page=99999999999999999999&limit=-1&signed=maybe&exists[subscription]=%00',
  '?order[__proto__]=asc&constructor=1&foreign_id=%00',
];
const BODIES: unknown[] = [
  [],
  'text',
  42,
  null,
  { a: { b: [1, 2] } },
  { name: null, email: 12, amount: 'lots', foreign_id: {}, recipients: 'x', acceptedAt: 'yesterday' },
  { foreign_id: 'x'.repeat(10_000), amount: 1e308, timer: 'yes' },
];

describeEachEngine('bad input never yields a 5xx', (ctx) => {
  it('every route in the OpenAPI document', async () => {
    const org = await ctx().newOrganisation();
    const doc = json(await ctx().app.inject({ method: 'GET', url: '/openapi.json' }));
    const failures: string[] = [];
    let requests = 0;
    for (const [template, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(operations).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
        const queries = method === 'get' ? QUERIES : [''];
        const bodies = method === 'get' || method === 'delete' ? [undefined] : BODIES;
        for (const url of PARAM_VALUES.flatMap((value) => queries.map((query) => template.replace(/\{[^}]+\}/g, value) + query))) {
          for (const body of bodies) {
            const payload = body === undefined ? undefined : JSON.stringify(body);
            const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/json' };
            if (url.startsWith('/api/v2/')) {
              Object.assign(headers, {
                'x-processing-key': org.merchant.key,
                'x-processing-signature': sign(org.merchant.secret, payload ?? ''),
              });
            } else {
              headers.authorization = `Bearer ${url.startsWith('/admin/') ? ADMIN_TOKEN : org.apiToken}`;
            }
            const res = await ctx().app.inject({ method: method.toUpperCase() as 'GET', url, headers, payload });
            requests++;
            if (res.statusCode >= 500)
              failures.push(`${method.toUpperCase()} ${url} ${(payload ?? '').slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
        }
      }
    }
    assert.ok(requests > 500, `only ${requests} requests were made`);
    assert.deepEqual(failures, []);
  });
});
