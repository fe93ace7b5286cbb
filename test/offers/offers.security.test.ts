// Every Offers API endpoint: no token or a wrong token → 401; a token lacking the scope → 403;
// another organisation's token → 404 with nothing changed (re-read proves it).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { createOffer, getOffer, scopedToken, signingOffer } from './support.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface Endpoint {
  method: Method;
  url: (id: string, recipientId: string) => string;
  body?: unknown;
  scope: 'offer:read' | 'offer:write';
}

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', url: (id) => `/api/offers/${id}`, scope: 'offer:read' },
  { method: 'GET', url: (id) => `/offers/${id}`, scope: 'offer:read' },
  { method: 'GET', url: (id) => `/api/offers/${id}/activities`, scope: 'offer:read' },
  { method: 'PUT', url: (id) => `/offers/${id}`, body: { name: 'hijacked' }, scope: 'offer:write' },
  { method: 'POST', url: (id) => `/offers/${id}/recipients`, body: { email: 'eve@evil.example' }, scope: 'offer:write' },
  { method: 'DELETE', url: (id, r) => `/offers/${id}/recipients/${r}`, scope: 'offer:write' },
  { method: 'POST', url: (id) => `/api/offers/${id}/publish`, body: {}, scope: 'offer:write' },
  { method: 'POST', url: (id) => `/offers/${id}/cancel-signing`, scope: 'offer:write' },
  { method: 'POST', url: (id) => `/api/offers/${id}/accept`, body: { acceptedAt: '2026-01-01T00:00:00Z' }, scope: 'offer:write' },
  { method: 'POST', url: (id) => `/offers/${id}/archive`, scope: 'offer:write' },
  { method: 'GET', url: (id) => `/api/offers/${id}/approval`, scope: 'offer:read' },
  { method: 'POST', url: (id) => `/api/offers/${id}/approval/approve`, body: {}, scope: 'offer:write' },
  { method: 'POST', url: (id) => `/api/offers/${id}/approval/reject`, body: { comment: 'no' }, scope: 'offer:write' },
];

describeEachEngine('offers (security)', (ctx) => {
  let owner = '';
  let ownerOrg = '';
  let intruder = '';
  let open: { id: string; recipients: { id: string }[] };
  let signing: { id: string; recipients: { id: string }[] };

  before(async () => {
    const a = await ctx().newOrganisation();
    owner = a.apiToken;
    ownerOrg = a.organisation.id;
    intruder = (await ctx().newOrganisation()).apiToken;
    open = await createOffer(ctx(), owner, { name: 'Open', recipients: [{ email: 'r@b.example' }] });
    signing = await signingOffer(ctx(), owner);
  });

  const snapshot = async (id: string) => {
    const offer = await getOffer(ctx(), owner, id);
    const activities = json(await ctx().app.inject({ method: 'GET', url: `/api/offers/${id}/activities`, headers: bearer(owner) })).data;
    return { offer, activities };
  };

  for (const e of ENDPOINTS) {
    it(`${e.method} ${e.url(':id', ':recipientId')}: another organisation gets 404 and changes nothing`, async () => {
      for (const target of [open, signing]) {
        const before = await snapshot(target.id);
        const res = await ctx().app.inject({
          method: e.method,
          url: e.url(target.id, target.recipients[0]!.id),
          headers: bearer(intruder),
          ...(e.body ? { payload: e.body as object } : {}),
        });
        assert.equal(res.statusCode, 404, res.body);
        assert.equal(res.body.includes(target.id) && !res.body.includes('not found'), false);
        assert.deepEqual(await snapshot(target.id), before);
      }
    });

    it(`${e.method} ${e.url(':id', ':recipientId')}: no token or a wrong token is 401`, async () => {
      for (const headers of [{}, bearer('api_not-a-real-token'), { authorization: 'Basic Zm9vOmJhcg==' }]) {
        const res = await ctx().app.inject({
          method: e.method,
          url: e.url(open.id, open.recipients[0]!.id),
          headers,
          ...(e.body ? { payload: e.body as object } : {}),
        });
        assert.equal(res.statusCode, 401, res.body);
        assert.equal(res.headers['www-authenticate'], 'Bearer');
      }
    });

    it(`${e.method} ${e.url(':id', ':recipientId')}: a token without "${e.scope}" is 403`, async () => {
      const other = e.scope === 'offer:read' ? ['media:read'] : ['offer:read'];
      const limited = await scopedToken(ctx(), ownerOrg, other);
      const before = await snapshot(signing.id);
      const res = await ctx().app.inject({
        method: e.method,
        url: e.url(signing.id, signing.recipients[0]!.id),
        headers: bearer(limited),
        ...(e.body ? { payload: e.body as object } : {}),
      });
      assert.equal(res.statusCode, 403, res.body);
      assert.deepEqual(await snapshot(signing.id), before);
    });
  }

  it("lists and creates only within the token's organisation", async () => {
    const list = json(await ctx().app.inject({ method: 'GET', url: '/offers', headers: bearer(intruder) }));
    assert.equal(list.meta.pagination.totalItems, 0);
    assert.deepEqual(list.data, []);
    for (const [method, url] of [
      ['GET', '/offers'],
      ['POST', '/offers'],
    ] as const) {
      assert.equal((await ctx().app.inject({ method, url, ...(method === 'POST' ? { payload: { name: 'x' } } : {}) })).statusCode, 401);
    }
    const readOnly = await scopedToken(ctx(), ownerOrg, ['offer:read']);
    assert.equal(
      (await ctx().app.inject({ method: 'POST', url: '/offers', headers: bearer(readOnly), payload: { name: 'x' } })).statusCode,
      403,
    );
    assert.equal((await ctx().app.inject({ method: 'GET', url: '/offers', headers: bearer(readOnly) })).statusCode, 200);
  });
});
