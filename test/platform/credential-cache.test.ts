// Verified API tokens and merchant keys are kept for CREDENTIAL_TTL_MS (platform/credential-cache.ts):
// a revoke, key rotation or feature change through the app is refused on the same replica at once;
// another replica on the same PostgreSQL refuses it within the TTL, the documented worst case.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { openPostgres } from '../../src/db/postgres.js';
import { CREDENTIAL_TTL_MS } from '../../src/platform/credential-cache.js';
import type { App } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { invoiceBody, merchantClient } from '../helpers/merchant.js';

const admin = bearer(ADMIN_TOKEN);
const pastTtl = () => new Promise((r) => setTimeout(r, CREDENTIAL_TTL_MS + 200));
const webhooks = (app: App, token: string) => app.inject({ method: 'GET', url: '/webhooks', headers: bearer(token) });

/** Revokes the organisation's (only) API token through the admin API; the last response. */
async function revokeAll(app: App, organisationId: string) {
  const list = await app.inject({ method: 'GET', url: `/admin/organisations/${organisationId}/api-tokens`, headers: admin });
  const tokens = json<{ data: { id: string }[] }>(list).data;
  assert.equal(tokens.length, 1);
  return app.inject({ method: 'DELETE', url: `/admin/api-tokens/${tokens[0]!.id}`, headers: admin });
}

describeEachEngine('credential cache', (ctx) => {
  it('a revoked API token is refused at once on the replica that revoked it, also right after a cached success', async () => {
    const org = await ctx().newOrganisation();
    assert.equal((await webhooks(ctx().app, org.apiToken)).statusCode, 200);
    assert.equal((await webhooks(ctx().app, org.apiToken)).statusCode, 200); // from the cache
    const res = await revokeAll(ctx().app, org.organisation.id);
    assert.equal(res.statusCode, 204);
    assert.equal((await webhooks(ctx().app, org.apiToken)).statusCode, 401);
  });

  it('serves a verified token for at most CREDENTIAL_TTL_MS after the database revoked it behind its back', async () => {
    const org = await ctx().newOrganisation();
    assert.equal((await webhooks(ctx().app, org.apiToken)).statusCode, 200);
    // As another replica or the CLI would: straight in the database, this app is not told.
    await ctx().db.query('UPDATE api_tokens SET revoked_at = now() WHERE organisation_id = $1', [org.organisation.id]);
    assert.equal((await webhooks(ctx().app, org.apiToken)).statusCode, 200, 'the cache answered');
    await pastTtl();
    assert.equal((await webhooks(ctx().app, org.apiToken)).statusCode, 401);
  });

  it('a merchant feature switched off applies at once to a cached merchant key', async () => {
    const org = await ctx().newOrganisation();
    const merchant = merchantClient(ctx().app, org.merchant);
    assert.equal((await merchant.post('/invoices/create', invoiceBody({ foreign_id: 'cache-1' }))).statusCode, 200);
    const res = await ctx().app.inject({
      method: 'PATCH',
      url: `/admin/organisations/${org.organisation.id}/features`,
      headers: admin,
      payload: { invoices_enabled: false },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.notEqual((await merchant.post('/invoices/create', invoiceBody({ foreign_id: 'cache-2' }))).statusCode, 200);
  });

  it('an unknown token is never cached: each attempt asks the database', async () => {
    const token = `api_${crypto.randomBytes(32).toString('base64url')}`;
    assert.equal((await webhooks(ctx().app, token)).statusCode, 401);
    assert.equal((await webhooks(ctx().app, token)).statusCode, 401);
  });

  it('two replicas on one PostgreSQL: a revoke or rotation on one is refused by the other within CREDENTIAL_TTL_MS', async (t) => {
    if (ctx().engine !== 'postgres') return t.skip('PGlite allows one server per data directory');
    const db = await openPostgres(ctx().testDb.url!);
    const other = await buildApp({ ...ctx().deps, db }, { logger: false });
    try {
      await other.ready();
      const org = await ctx().newOrganisation();
      assert.equal((await webhooks(other, org.apiToken)).statusCode, 200);
      const old = merchantClient(other, org.merchant);
      assert.equal((await old.post('/accounts/list')).statusCode, 200);

      const revoke = await revokeAll(ctx().app, org.organisation.id);
      assert.equal(revoke.statusCode, 204);
      const rotate = await ctx().app.inject({
        method: 'POST',
        url: `/admin/organisations/${org.organisation.id}/merchant-keys`,
        headers: admin,
      });
      assert.equal(rotate.statusCode, 201);
      // The replica that did it refuses both at once.
      assert.equal((await webhooks(ctx().app, org.apiToken)).statusCode, 401);
      assert.equal((await merchantClient(ctx().app, org.merchant).post('/accounts/list')).statusCode, 403);

      await pastTtl();
      assert.equal((await webhooks(other, org.apiToken)).statusCode, 401);
      assert.equal((await old.post('/accounts/list')).statusCode, 403);
      assert.equal((await merchantClient(other, json(rotate)).post('/accounts/list')).statusCode, 200);
    } finally {
      await other.close();
      await db.close();
    }
  });
});
