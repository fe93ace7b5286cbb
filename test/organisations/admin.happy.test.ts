import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findMerchant } from '../../src/invoices/auth.js';
import { authenticateApiToken } from '../../src/organisations/service.js';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';

const admin = bearer(ADMIN_TOKEN);

describeEachEngine('admin API', (ctx) => {
  it('creates an organisation and returns its credentials once', async () => {
    const res = await ctx().app.inject({ method: 'POST', url: '/admin/organisations', headers: admin, payload: { name: 'Acme GmbH' } });
    assert.equal(res.statusCode, 201);
    const body = json(res);
    assert.equal(body.organisation.name, 'Acme GmbH');
    assert.match(body.organisation.id, /^[0-9a-f-]{36}$/);
    assert.match(body.organisation.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    assert.match(body.apiToken, /^api_.{43}$/);
    assert.ok(body.merchant.key && body.merchant.secret);

    const principal = await authenticateApiToken(ctx().db, body.apiToken);
    assert.equal(principal?.organisationId, body.organisation.id);
    const merchant = await findMerchant(ctx().deps, body.merchant.key);
    assert.equal(merchant?.secret, body.merchant.secret);

    // Nothing secret is stored in the clear.
    const tokens = await ctx().db.query<{ token_hash: Buffer }>('SELECT token_hash FROM api_tokens WHERE organisation_id = $1', [
      body.organisation.id,
    ]);
    assert.equal(tokens.rows.length, 1);
    assert.ok(!Buffer.from(tokens.rows[0]!.token_hash).toString('latin1').includes(body.apiToken));
    const keys = await ctx().db.query<{ secret_encrypted: string }>(
      'SELECT secret_encrypted FROM merchant_keys WHERE organisation_id = $1',
      [body.organisation.id],
    );
    assert.ok(!keys.rows[0]!.secret_encrypted.includes(body.merchant.secret));
  });

  it('lists organisations with their features', async () => {
    const created = await ctx().newOrganisation('Listed Org');
    const res = await ctx().app.inject({ method: 'GET', url: '/admin/organisations?limit=100', headers: admin });
    assert.equal(res.statusCode, 200);
    const body = json(res);
    const found = body.data.find((o: { id: string }) => o.id === created.organisation.id);
    assert.deepEqual(found.features, { invoices_enabled: true, timestamped_signatures: false });
    assert.ok(body.meta.totalItems >= 1);
  });

  it('lists each organisation exactly as it was created, whatever its name holds, with its current features', async () => {
    const name = 'Zoë "Quoted" \\ back\\slash\ttab </script> \u2028 😀';
    const created = await ctx().newOrganisation(name);
    const patched = await ctx().app.inject({
      method: 'PATCH',
      url: `/admin/organisations/${created.organisation.id}/features`,
      headers: admin,
      payload: { timestamped_signatures: true },
    });
    assert.equal(patched.statusCode, 200);
    // This suite's database holds a few organisations: one page of 100 shows them all.
    const res = await ctx().app.inject({ method: 'GET', url: '/admin/organisations?limit=100', headers: admin });
    assert.equal(res.statusCode, 200);
    assert.ok(json(res).meta.totalItems <= 100);
    assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8$/);
    const found = json(res).data.filter((o: { id: string }) => o.id === created.organisation.id);
    assert.deepEqual(found, [{ ...created.organisation, name, features: { invoices_enabled: true, timestamped_signatures: true } }]);
    assert.deepEqual(Object.keys(found[0]!), ['id', 'name', 'createdAt', 'features']);
  });

  it('pages in one order: two pages of one are the page of two', async () => {
    await ctx().newOrganisation('Ordered Org A');
    await ctx().newOrganisation('Ordered Org B');
    const page = (query: string) =>
      ctx()
        .app.inject({ method: 'GET', url: `/admin/organisations?${query}`, headers: admin })
        .then(json);
    const both = await page('limit=2&page=1');
    assert.equal(both.data.length, 2);
    assert.deepEqual([...(await page('limit=1&page=1')).data, ...(await page('limit=1&page=2')).data], both.data);
  });

  it('counts every organisation on a page and on a page past the end (one query, or a count when empty)', async () => {
    await ctx().newOrganisation('Paged Org A');
    await ctx().newOrganisation('Paged Org B');
    const { rows } = await ctx().db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
    const total = rows[0]!.n;
    const page = (n: number) =>
      ctx()
        .app.inject({ method: 'GET', url: `/admin/organisations?limit=1&page=${n}`, headers: admin })
        .then(json);
    const first = await page(1);
    assert.equal(first.data.length, 1);
    assert.deepEqual(first.meta, { totalItems: total, currentPage: 1, itemsPerPage: 1 });
    assert.equal((await page(total)).data.length, 1);
    const past = await page(total + 1);
    assert.deepEqual(past, { data: [], meta: { totalItems: total, currentPage: total + 1, itemsPerPage: 1 } });
  });

  it('issues extra tokens with scopes and revokes them', async () => {
    const org = await ctx().newOrganisation();
    const res = await ctx().app.inject({
      method: 'POST',
      url: `/admin/organisations/${org.organisation.id}/api-tokens`,
      headers: admin,
      payload: { scopes: ['offer:read'] },
    });
    assert.equal(res.statusCode, 201);
    const token = json(res);
    assert.deepEqual((await authenticateApiToken(ctx().db, token.token))?.scopes, ['offer:read']);

    const revoke = await ctx().app.inject({ method: 'DELETE', url: `/admin/api-tokens/${token.id}`, headers: admin });
    assert.equal(revoke.statusCode, 204);
    assert.equal(await authenticateApiToken(ctx().db, token.token), null);
    // The organisation's first token still works.
    assert.ok(await authenticateApiToken(ctx().db, org.apiToken));
    // Revoking twice is harmless; an unknown token is 404.
    assert.equal((await ctx().app.inject({ method: 'DELETE', url: `/admin/api-tokens/${token.id}`, headers: admin })).statusCode, 204);
    const unknown = await ctx().app.inject({
      method: 'DELETE',
      url: '/admin/api-tokens/00000000-0000-4000-8000-000000000000',
      headers: admin,
    });
    assert.equal(unknown.statusCode, 404);
  });

  it('rotates merchant keys: the new pair works, the old one stops', async () => {
    const org = await ctx().newOrganisation();
    const res = await ctx().app.inject({
      method: 'POST',
      url: `/admin/organisations/${org.organisation.id}/merchant-keys`,
      headers: admin,
    });
    assert.equal(res.statusCode, 201);
    const rotated = json(res);
    assert.notEqual(rotated.key, org.merchant.key);
    assert.equal((await findMerchant(ctx().deps, rotated.key))?.secret, rotated.secret);
    assert.equal(await findMerchant(ctx().deps, org.merchant.key), null);
  });

  it('switches merchant features', async () => {
    const org = await ctx().newOrganisation();
    const res = await ctx().app.inject({
      method: 'PATCH',
      url: `/admin/organisations/${org.organisation.id}/features`,
      headers: admin,
      payload: { invoices_enabled: false },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(json(res), { invoices_enabled: false, timestamped_signatures: false });
    assert.equal((await findMerchant(ctx().deps, org.merchant.key))?.features.invoices_enabled, false);
  });
});
