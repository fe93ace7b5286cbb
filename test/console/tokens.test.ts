// API tokens and the merchant key from the console, through HTTP: a created token works on the
// Offers API and is shown once (no-store, never on a later page, only its hash stored); revoke and
// rotation take effect at once; the merchant key pair rotates; CSRF and other organisations refused.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { merchantClient } from '../helpers/merchant.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

const PAGE = '/app/organisation/tokens';
const secretIn = (html: string, id: string): string => {
  const match = new RegExp(`<code id="${id}">([^<]+)</code>`).exec(html);
  assert.ok(match, `the page shows the ${id}`);
  return match[1]!;
};

describeEachEngine('console API tokens and merchant key', (ctx) => {
  let org: { organisation: { id: string }; apiToken: string; merchant: { key: string; secret: string } };
  let cookie: string;
  let csrf: string;
  before(async () => {
    org = await ctx().newOrganisation('Tokens GmbH');
    const email = uniqueEmail('tokens-admin');
    await addUser(ctx(), org.organisation.id, { email, role: 'admin' });
    cookie = (await signIn(ctx().app, email)).cookie;
    csrf = await csrfOf(ctx().app, cookie, PAGE);
  });
  const offers = (token: string) => ctx().app.inject({ method: 'GET', url: '/offers', headers: bearer(token) });
  const page = () => ctx().app.inject({ method: 'GET', url: PAGE, headers: { cookie } });
  const create = (fields: Record<string, string>) => post(ctx().app, PAGE, { _csrf: csrf, ...fields }, cookie);
  const tokenIdOf = async (label: string) => {
    const { rows } = await ctx().db.query<{ id: string }>(
      'SELECT id FROM api_tokens WHERE organisation_id = $1 AND label = $2 AND revoked_at IS NULL',
      [org.organisation.id, label],
    );
    assert.equal(rows.length, 1);
    return rows[0]!.id;
  };

  it('creates a token with a label and scopes: shown once with no-store, it works, only its hash is kept', async () => {
    const response = await create({ label: 'CI pipeline', 'scope.offer:read': 'on' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.match(response.body, /you will not see it again/);
    assert.match(response.body, /data-copy="new-token"/);
    assert.match(response.body, /<script nonce="[^"]+" src="\/app\/assets\/copy.js"/);
    const token = secretIn(response.body, 'new-token');
    assert.equal((await offers(token)).statusCode, 200);
    // Only the scope chosen: writing offers is refused.
    const write = await ctx().app.inject({ method: 'POST', url: '/offers', headers: bearer(token), payload: { name: 'Nope' } });
    assert.equal(write.statusCode, 403);

    const later = await page();
    assert.equal(later.statusCode, 200);
    assert.equal(later.headers['cache-control'], 'no-store');
    assert.ok(!later.body.includes(token), 'a later page never shows the token');
    assert.match(later.body, /CI pipeline/);
    assert.match(later.body, /offer:read/);
    const { rows } = await ctx().db.query<{ token_prefix: string; scopes: string[]; hash: string }>(
      "SELECT token_prefix, scopes, encode(token_hash, 'hex') AS hash FROM api_tokens WHERE label = 'CI pipeline' AND organisation_id = $1",
      [org.organisation.id],
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.scopes, ['offer:read']);
    assert.ok(token.startsWith(rows[0]!.token_prefix));
    assert.ok(later.body.includes(rows[0]!.token_prefix));
    assert.ok(!later.body.includes(rows[0]!.hash), 'never a hash');
    assert.ok(!rows[0]!.hash.includes(Buffer.from(token).toString('hex')), 'not the token in plain');
  });

  it('refuses a token without scopes or with a too long label (400) and creates nothing', async () => {
    const count = async () =>
      (await ctx().db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens WHERE organisation_id = $1', [org.organisation.id]))
        .rows[0]!.n;
    const before = await count();
    const none = await create({ label: 'No scopes' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /at least one scope/);
    const long = await create({ label: 'x'.repeat(101), 'scope.offer:read': 'on' });
    assert.equal(long.statusCode, 400);
    assert.equal(await count(), before);
  });

  it('revokes a token: refused at once (401), also after it was used', async () => {
    const token = secretIn((await create({ label: 'To revoke', 'scope.offer:read': 'on' })).body, 'new-token');
    assert.equal((await offers(token)).statusCode, 200);
    const id = await tokenIdOf('To revoke');
    const revoked = await post(ctx().app, `${PAGE}/${id}/revoke`, { _csrf: csrf }, cookie);
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, PAGE);
    assert.equal((await offers(token)).statusCode, 401);
    assert.match((await page()).body, /To revoke/);
  });

  it('rotates a token: a new one with the same label and scopes works, the old one is refused at once', async () => {
    const old = secretIn((await create({ label: 'Rotating', 'scope.offer:read': 'on', 'scope.offer:write': 'on' })).body, 'new-token');
    assert.equal((await offers(old)).statusCode, 200);
    const rotated = await post(ctx().app, `${PAGE}/${await tokenIdOf('Rotating')}/rotate`, { _csrf: csrf }, cookie);
    assert.equal(rotated.statusCode, 201, rotated.body);
    assert.equal(rotated.headers['cache-control'], 'no-store');
    const fresh = secretIn(rotated.body, 'new-token');
    assert.notEqual(fresh, old);
    assert.equal((await offers(old)).statusCode, 401);
    assert.equal((await offers(fresh)).statusCode, 200);
    const { rows } = await ctx().db.query<{ scopes: string[]; revoked: boolean }>(
      "SELECT scopes, revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE organisation_id = $1 AND label = 'Rotating' ORDER BY created_at, revoked_at NULLS LAST",
      [org.organisation.id],
    );
    assert.deepEqual(
      rows.map((r) => r.revoked),
      [true, false],
    );
    assert.deepEqual(rows[1]!.scopes, ['offer:read', 'offer:write']);
    assert.ok(!(await page()).body.includes(fresh));
    // Rotating the revoked one again: refused, nothing new.
    const { rows: revoked } = await ctx().db.query<{ id: string }>(
      "SELECT id FROM api_tokens WHERE organisation_id = $1 AND label = 'Rotating' AND revoked_at IS NOT NULL",
      [org.organisation.id],
    );
    const again = await post(ctx().app, `${PAGE}/${revoked[0]!.id}/rotate`, { _csrf: csrf }, cookie);
    assert.equal(again.statusCode, 409);
    assert.ok(!/id="new-token"/.test(again.body));
  });

  it('rotates the merchant secret: shown once (no-store), the old pair is refused and the new one signs', async () => {
    const old = merchantClient(ctx().app, org.merchant);
    assert.equal((await old.post('/accounts/list')).statusCode, 200);
    const before = await page();
    assert.ok(before.body.includes(org.merchant.key), 'the public key id is shown');
    assert.ok(!before.body.includes(org.merchant.secret));
    assert.match(before.body, /Timestamped signatures required<\/dt><dd>No/);
    assert.match(before.body, /Live mode<\/dt><dd>No/);

    const response = await post(ctx().app, '/app/organisation/merchant-key/rotate', { _csrf: csrf }, cookie);
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.match(response.body, /you will not see it again/);
    const secret = secretIn(response.body, 'new-merchant-secret');
    const key = /<p>Key \(public\): <code>([^<]+)<\/code>/.exec(response.body)?.[1];
    assert.ok(key && key !== org.merchant.key);
    assert.equal((await old.post('/accounts/list')).statusCode, 403);
    assert.equal((await merchantClient(ctx().app, { key, secret }).post('/accounts/list')).statusCode, 200);
    const later = await page();
    assert.ok(later.body.includes(key));
    assert.ok(!later.body.includes(secret), 'a later page never shows the secret');
    org.merchant = { key, secret };
  });

  it('refuses a post without the CSRF token (403) and changes nothing', async () => {
    const token = secretIn((await create({ label: 'Guarded', 'scope.offer:read': 'on' })).body, 'new-token');
    const id = await tokenIdOf('Guarded');
    const app = ctx().app;
    assert.equal((await post(app, `${PAGE}/${id}/revoke`, {}, cookie)).statusCode, 403);
    assert.equal((await post(app, `${PAGE}/${id}/rotate`, { _csrf: 'wrong' }, cookie)).statusCode, 403);
    assert.equal((await post(app, PAGE, { label: 'Forged', 'scope.offer:read': 'on' }, cookie)).statusCode, 403);
    assert.equal((await post(app, '/app/organisation/merchant-key/rotate', {}, cookie)).statusCode, 403);
    assert.equal((await offers(token)).statusCode, 200);
    assert.equal((await merchantClient(app, org.merchant).post('/accounts/list')).statusCode, 200);
    const { rows } = await ctx().db.query("SELECT 1 FROM api_tokens WHERE label = 'Forged'");
    assert.equal(rows.length, 0);
  });

  it("answers 404 for another organisation's token and leaves it working", async () => {
    const other = await ctx().newOrganisation('Elsewhere AG');
    const issued = await ctx().app.inject({
      method: 'POST',
      url: `/admin/organisations/${other.organisation.id}/api-tokens`,
      headers: bearer(ADMIN_TOKEN),
      payload: { label: 'Theirs' },
    });
    const theirs = json<{ id: string; token: string }>(issued);
    assert.equal((await post(ctx().app, `${PAGE}/${theirs.id}/revoke`, { _csrf: csrf }, cookie)).statusCode, 404);
    assert.equal((await post(ctx().app, `${PAGE}/${theirs.id}/rotate`, { _csrf: csrf }, cookie)).statusCode, 404);
    assert.equal((await post(ctx().app, `${PAGE}/not-a-uuid/revoke`, { _csrf: csrf }, cookie)).statusCode, 404);
    assert.equal((await offers(theirs.token)).statusCode, 200);
    assert.ok(!(await page()).body.includes('Theirs'));
  });
});
