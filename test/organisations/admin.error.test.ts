import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADMIN_TOKEN, bearer, createTestApp, describeEachEngine, json } from '../helpers/app.js';
import { engines } from '../helpers/db.js';

const admin = bearer(ADMIN_TOKEN);
const MISSING = '00000000-0000-4000-8000-000000000000';

describeEachEngine('admin API errors', (ctx) => {
  it('refuses a missing or wrong admin token with 401 problem+json', async () => {
    for (const headers of [{}, bearer('wrong-token-wrong-token'), bearer(`${ADMIN_TOKEN}x`), { authorization: ADMIN_TOKEN }]) {
      const res = await ctx().app.inject({ method: 'GET', url: '/admin/organisations', headers });
      assert.equal(res.statusCode, 401);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(json(res).status, 401);
    }
  });

  it('an organisation API token is not an admin token', async () => {
    const org = await ctx().newOrganisation();
    const res = await ctx().app.inject({ method: 'GET', url: '/admin/organisations', headers: bearer(org.apiToken) });
    assert.equal(res.statusCode, 401);
  });

  it('validates bodies with violations and changes nothing', async () => {
    const before = json(await ctx().app.inject({ method: 'GET', url: '/admin/organisations', headers: admin })).meta.totalItems;
    for (const payload of [{}, { name: '' }, { name: 42 }, { name: 'x', extra: true }]) {
      const res = await ctx().app.inject({ method: 'POST', url: '/admin/organisations', headers: admin, payload });
      assert.equal(res.statusCode, 422, JSON.stringify(payload));
      const problem = json(res);
      assert.ok(problem.violations.length > 0);
      assert.equal(typeof problem.violations[0].propertyPath, 'string');
    }
    const after = json(await ctx().app.inject({ method: 'GET', url: '/admin/organisations', headers: admin })).meta.totalItems;
    assert.equal(after, before);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await ctx().app.inject({
      method: 'POST',
      url: '/admin/organisations',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(json(bad).type, '/problems/bad-request');
    const big = await ctx().app.inject({
      method: 'POST',
      url: '/admin/organisations',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(big.statusCode, 413);
    assert.equal(json(big).status, 413);
  });

  it('an optional body is still validated when one is sent', async () => {
    const org = await ctx().newOrganisation();
    for (const payload of [{ scopes: ['nope'] }, { scopes: 'offer:read' }, { scopes: [] }, { extra: 1 }]) {
      const res = await ctx().app.inject({
        method: 'POST',
        url: `/admin/organisations/${org.organisation.id}/api-tokens`,
        headers: admin,
        payload,
      });
      assert.equal(res.statusCode, 422, JSON.stringify(payload));
      assert.ok(json(res).violations.length > 0);
    }
    const { rows } = await ctx().db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens WHERE organisation_id = $1', [
      org.organisation.id,
    ]);
    assert.equal(rows[0]!.n, 1, 'no token was issued');
    const none = await ctx().app.inject({ method: 'POST', url: `/admin/organisations/${org.organisation.id}/api-tokens`, headers: admin });
    assert.equal(none.statusCode, 201, 'no body at all is fine');
  });

  it('answers 404 for unknown organisations and invalid ids with 400', async () => {
    const missing = await ctx().app.inject({ method: 'POST', url: `/admin/organisations/${MISSING}/api-tokens`, headers: admin });
    assert.equal(missing.statusCode, 404);
    const rotate = await ctx().app.inject({ method: 'POST', url: `/admin/organisations/${MISSING}/merchant-keys`, headers: admin });
    assert.equal(rotate.statusCode, 404);
    const features = await ctx().app.inject({
      method: 'PATCH',
      url: `/admin/organisations/${MISSING}/features`,
      headers: admin,
      payload: { invoices_enabled: true },
    });
    assert.equal(features.statusCode, 404);
    const invalid = await ctx().app.inject({ method: 'POST', url: '/admin/organisations/not-a-uuid/api-tokens', headers: admin });
    assert.equal(invalid.statusCode, 400);
    const unknownFeature = await ctx().app.inject({
      method: 'PATCH',
      url: `/admin/organisations/${MISSING}/features`,
      headers: admin,
      payload: { bogus: true },
    });
    assert.equal(unknownFeature.statusCode, 422);
  });
});

for (const engine of engines) {
  it(`without ADMIN_TOKEN the admin API does not exist [${engine}]`, async () => {
    const t = await createTestApp(engine, { env: { ADMIN_TOKEN: '' } });
    try {
      const res = await t.app.inject({ method: 'POST', url: '/admin/organisations', headers: admin, payload: { name: 'x' } });
      assert.equal(res.statusCode, 404);
      assert.equal(json(res).type, '/problems/not-found');
    } finally {
      await t.close();
    }
  });
}

for (const engine of engines) {
  it(`without ADMIN_TOKEN every /admin URL answers a 404 problem saying how to turn the admin API on [${engine}]`, async () => {
    const t = await createTestApp(engine, { env: { ADMIN_TOKEN: '' } });
    try {
      const requests = [
        { method: 'GET', url: '/admin' },
        { method: 'GET', url: '/admin/organisations?page=2' },
        { method: 'DELETE', url: '/admin/api-tokens/not-a-uuid' },
        { method: 'PUT', url: '/admin/anything/at/all' },
        {
          method: 'PATCH',
          url: `/admin/organisations/${MISSING}/merchant`,
          headers: { 'content-type': 'application/json' },
          payload: '{"callback_url": ',
        },
      ] as const;
      for (const request of requests) {
        const res = await t.app.inject(request);
        assert.equal(res.statusCode, 404, `${request.method} ${request.url}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        const problem = json(res);
        assert.equal(problem.type, '/problems/not-found');
        assert.equal(problem.status, 404);
        assert.match(problem.detail, /admin API is off/);
        assert.match(problem.detail, /ADMIN_TOKEN \(at least 16 characters\)/);
        assert.equal(typeof problem.requestId, 'string');
      }
    } finally {
      await t.close();
    }
  });
}
