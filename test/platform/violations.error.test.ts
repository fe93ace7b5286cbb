// Every violation in an Offers or admin API error carries the seed's `code` (issue 13, item 8),
// whatever found it: the body schema, the query string, a path parameter, or a use case's own check.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';

function violations(res: LightMyRequestResponse, status: number): { propertyPath: string; message: string; code: string }[] {
  assert.equal(res.statusCode, status, res.body);
  const list = json(res).violations;
  assert.ok(Array.isArray(list) && list.length > 0, res.body);
  for (const v of list) assert.match(v.code, /^[a-z_]+$/, `every violation has a code: ${JSON.stringify(v)}`);
  return list;
}

const codeOf = (list: { propertyPath: string; code: string }[], path: string) => list.find((v) => v.propertyPath === path)?.code;

describeEachEngine('violations carry a code', (ctx) => {
  it('Offers API body (422): a wrong type and an unknown field each say which', async () => {
    const org = await ctx().newOrganisation();
    const res = await ctx().app.inject({
      method: 'POST',
      url: '/offers',
      headers: bearer(org.apiToken),
      payload: { name: 42, surprise: true, recipients: 'nobody' },
    });
    const list = violations(res, 422);
    assert.equal(codeOf(list, 'surprise'), 'unknown_field');
    assert.ok(list.some((v) => v.code === 'invalid_type'));
  });

  it("Offers API query (400) and a use case's own check (webhooks: an unknown event)", async () => {
    const org = await ctx().newOrganisation();
    const list = await ctx().app.inject({ method: 'GET', url: '/offers?page=abc&order[nope]=asc', headers: bearer(org.apiToken) });
    violations(list, 400);
    const hook = await ctx().app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: bearer(org.apiToken),
      payload: { version: 'v1', url: 'https://example.com/hook', events: ['no.such.event'], enabled: true },
    });
    assert.equal(codeOf(violations(hook, 422), 'events'), 'invalid');
  });

  it('admin API: a missing body field, a path parameter that is no UUID, an unknown scope', async () => {
    const admin = bearer(ADMIN_TOKEN);
    const created = await ctx().app.inject({ method: 'POST', url: '/admin/organisations', headers: admin, payload: {} });
    assert.equal(codeOf(violations(created, 422), 'name'), 'required');
    const param = await ctx().app.inject({ method: 'GET', url: '/admin/organisations/not-a-uuid/api-tokens', headers: admin });
    assert.equal(codeOf(violations(param, 400), 'id'), 'invalid_format');
    const org = await ctx().newOrganisation();
    const scope = await ctx().app.inject({
      method: 'POST',
      url: `/admin/organisations/${org.organisation.id}/api-tokens`,
      headers: admin,
      payload: { scopes: ['offer:everything'] },
    });
    assert.ok(violations(scope, 422).length > 0);
  });

  it('the published OpenAPI document declares the code', async () => {
    const doc = json(await ctx().app.inject({ method: 'GET', url: '/openapi.json' }));
    const problem = doc.components.schemas.Problem;
    assert.ok(problem.properties.violations.items.properties.code);
  });
});

describeEachEngine('a page number past what a list can reach', (ctx) => {
  it('is a 400 naming page on every list, never a database error or a rounded page', async () => {
    const org = await ctx().newOrganisation();
    const lists = [
      { url: '/offer-templates', headers: bearer(org.apiToken) },
      { url: '/api/approval-requests', headers: bearer(org.apiToken) },
      { url: '/webhooks/deliveries', headers: bearer(org.apiToken) },
      { url: '/admin/organisations', headers: bearer(ADMIN_TOKEN) },
    ];
    for (const { url, headers } of lists) {
      for (const page of ['99999999999999999999', '9007199254740993']) {
        const res = await ctx().app.inject({ method: 'GET', url: `${url}?page=${page}`, headers });
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.deepEqual(
          json(res).violations.map((v: { propertyPath: string }) => v.propertyPath),
          ['page'],
          url,
        );
      }
      const last = await ctx().app.inject({ method: 'GET', url: `${url}?page=9007199254740991`, headers });
      assert.equal(last.statusCode, 200, `${url}: ${last.body}`);
    }
  });
});
