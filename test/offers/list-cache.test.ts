// GET /offers pages served from memory: every write, through any replica or none, shows in the next list.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/platform/deps.js';
import { bearer, describeEachEngine, json, type TestApp } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { pub, sign, tokenOf } from './recipient-support.js';
import { createOffer, publish } from './support.js';

const LIST = '/offers?order[createdAt]=desc&limit=100';

interface Listed {
  id: string;
  name: string;
  status: string;
  recipients: { id: string; email: string; firstName: string | null; signingStatus: string; link: string }[];
}

async function list(app: App, token: string, url = LIST): Promise<{ body: string; data: Listed[] }> {
  const res = await app.inject({ method: 'GET', url, headers: bearer(token) });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8$/);
  return { body: res.body, data: json(res).data };
}

const byId = (data: Listed[], id: string) => data.find((o) => o.id === id);

/** Changes an offer's name behind the application's back, with triggers off: the version stays. */
async function renameWithoutTriggers(t: TestApp, id: string, name: string): Promise<void> {
  await t.db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    // Without triggers the stored list JSON keeps the old name too: dropping its version makes pages build the row.
    await tx.query('UPDATE offers SET name = $2, list_json_version = NULL WHERE id = $1', [id, name]);
  });
}

describeEachEngine('GET /offers cache', (ctx) => {
  let token = '';
  before(async () => {
    token = (await ctx().newOrganisation()).apiToken;
  });

  it('serves a repeated query from memory until the organisation’s offers change', async () => {
    const t = ctx();
    const offer = await createOffer(t, token, { name: 'Cached' });
    const first = await list(t.app, token);
    await renameWithoutTriggers(t, offer.id, 'Changed behind the version');
    // Same version: the page comes from memory, byte for byte, and still matches the seed's schema.
    const second = await list(t.app, token);
    assert.equal(second.body, first.body);
    assertMatchesSeed('GET /offers 200', JSON.parse(second.body));
    // The same query spelled differently shares the entry.
    const respelled = await list(t.app, token, '/offers?limit=100&order%5BcreatedAt%5D=desc&page=1');
    assert.equal(respelled.body, first.body);
    // Any write to the organisation's offers bumps the version: the next list reads the database.
    await createOffer(t, token, { name: 'Another' });
    const third = await list(t.app, token);
    assert.equal(byId(third.data, offer.id)?.name, 'Changed behind the version');
  });

  it('shows every kind of write in the very next list', async () => {
    const t = ctx();
    const offer = await createOffer(t, token, { name: 'Lifecycle', acceptanceMode: 'esignature' });
    const expect = async (check: (o: Listed | undefined) => void) => {
      await list(t.app, token); // warm (or re-warm) the cache first
      check(byId((await list(t.app, token)).data, offer.id));
    };
    await expect((o) => assert.equal(o?.name, 'Lifecycle'));

    await t.app.inject({ method: 'PUT', url: `/offers/${offer.id}`, headers: bearer(token), payload: { name: 'Renamed' } });
    await expect((o) => assert.equal(o?.name, 'Renamed'));

    const added = await t.app.inject({
      method: 'POST',
      url: `/offers/${offer.id}/recipients`,
      headers: bearer(token),
      payload: { email: 'sign@example.com', role: 'sign' },
    });
    assert.equal(added.statusCode, 201, added.body);
    await expect((o) =>
      assert.deepEqual(
        o?.recipients.map((r) => r.email),
        ['sign@example.com'],
      ),
    );

    assert.equal((await publish(t, token, offer.id)).statusCode, 200);
    await expect((o) => assert.deepEqual([o?.status, o?.recipients[0]?.signingStatus], ['signing', 'pending']));

    const cancelled = await t.app.inject({ method: 'POST', url: `/offers/${offer.id}/cancel-signing`, headers: bearer(token) });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    await expect((o) => assert.equal(o?.status, 'open'));

    assert.equal((await publish(t, token, offer.id)).statusCode, 200);
    const link = byId((await list(t.app, token)).data, offer.id)!.recipients[0]!.link;
    assert.equal((await pub(t, 'GET', tokenOf(link))).statusCode, 200);
    const signed = await sign(t, tokenOf(link));
    assert.ok(signed.statusCode < 300, signed.body);
    await expect((o) => assert.equal(o?.recipients[0]?.signingStatus, 'signed'));

    const second = await createOffer(t, token, { name: 'To remove from', recipients: [{ email: 'gone@example.com', role: 'read' }] });
    await list(t.app, token);
    const recipientId = byId((await list(t.app, token)).data, second.id)!.recipients[0]!.id;
    const removed = await t.app.inject({ method: 'DELETE', url: `/offers/${second.id}/recipients/${recipientId}`, headers: bearer(token) });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(byId((await list(t.app, token)).data, second.id)?.recipients, []);

    await list(t.app, token);
    const archived = await t.app.inject({ method: 'POST', url: `/offers/${second.id}/archive`, headers: bearer(token) });
    assert.equal(archived.statusCode, 200, archived.body);
    assert.equal(byId((await list(t.app, token)).data, second.id)?.status, 'archived');

    // A writer that is not offerpay at all (a migration, an operator's SQL) is covered by the triggers too.
    await list(t.app, token);
    await t.db.query('UPDATE offer_recipients SET first_name = $1 WHERE offer_id = $2', ['Direct', offer.id]);
    assert.equal(byId((await list(t.app, token)).data, offer.id)?.recipients[0]?.firstName, 'Direct');
    await t.db.query('DELETE FROM offers WHERE id = $1', [second.id]);
    assert.equal(byId((await list(t.app, token)).data, second.id), undefined);
  });

  it('keeps each organisation’s pages apart and still checks the token on every request', async () => {
    const t = ctx();
    const other = await ctx().newOrganisation();
    const mine = await createOffer(t, token, { name: 'Mine' });
    const theirs = await createOffer(t, other.apiToken, { name: 'Theirs' });
    const a = await list(t.app, token);
    const b = await list(t.app, other.apiToken);
    assert.ok(byId(a.data, mine.id) && !byId(a.data, theirs.id));
    assert.deepEqual(
      b.data.map((o) => o.id),
      [theirs.id],
    );

    const created = await t.app.inject({
      method: 'POST',
      url: `/admin/organisations/${other.organisation.id}/api-tokens`,
      headers: bearer('test-admin-token-0123456789'),
      payload: { scopes: ['offer:read'] },
    });
    const second = json(created) as { id: string; token: string };
    assert.equal((await list(t.app, second.token)).body, b.body);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/admin/api-tokens/${second.id}`,
      headers: bearer('test-admin-token-0123456789'),
    });
    assert.ok(revoked.statusCode < 300, revoked.body);
    const res = await t.app.inject({ method: 'GET', url: LIST, headers: bearer(second.token) });
    assert.equal(res.statusCode, 401);
  });

  it('answers with an ETag, and 304 without a body while If-None-Match still matches', async () => {
    const t = ctx();
    const { apiToken } = await t.newOrganisation();
    const offer = await createOffer(t, apiToken, { name: 'Tagged' });
    const get = (headers: Record<string, string> = {}, url = LIST) =>
      t.app.inject({ method: 'GET', url, headers: { ...bearer(apiToken), ...headers } });
    const first = await get();
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]{43}"$/);
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await get({ 'if-none-match': ifNoneMatch });
      assert.equal(res.statusCode, 304, ifNoneMatch);
      assert.equal(res.body, '');
      assert.equal(res.headers.etag, etag);
    }
    // Another query, a stale tag or an end-to-end reload gets the page.
    assert.notEqual((await get({}, '/offers?limit=5')).headers.etag, etag);
    assert.equal((await get({ 'if-none-match': '"stale"' })).statusCode, 200);
    assert.equal((await get({ 'if-none-match': etag, 'cache-control': 'no-cache' })).statusCode, 200);
    // A change makes the old tag stale at once.
    await t.app.inject({ method: 'PUT', url: `/offers/${offer.id}`, headers: bearer(apiToken), payload: { name: 'Retagged' } });
    const changed = await get({ 'if-none-match': etag });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
    assert.equal(byId(json(changed).data, offer.id)?.name, 'Retagged');
    // The token is checked before any 304.
    assert.equal(
      (await t.app.inject({ method: 'GET', url: LIST, headers: { ...bearer('api_wrong'), 'if-none-match': '*' } })).statusCode,
      401,
    );
  });

  it('writers of one organisation in parallel queue on its version and never deadlock', async () => {
    const t = ctx();
    const { apiToken } = await t.newOrganisation();
    const signing = async (name: string) => {
      const o = await createOffer(t, apiToken, {
        name,
        acceptanceMode: 'esignature',
        recipients: [{ email: 'signer@example.com', role: 'sign' }],
      });
      assert.equal((await publish(t, apiToken, o.id)).statusCode, 200);
      return o.id as string;
    };
    const toSign: string[] = [];
    const toCancel: string[] = [];
    for (let i = 0; i < 10; i++) {
      toSign.push(await signing(`Sign ${i}`));
      toCancel.push(await signing(`Cancel ${i}`));
    }
    const links = new Map((await list(t.app, apiToken)).data.map((o) => [o.id, o.recipients[0]!.link]));
    // Signing writes the recipient (version row) and then its offer (count rows of "signing" and what follows);
    // cancelling writes an offer (count rows of "signing" and "open"); creating takes the number counter first.
    const results = await Promise.all([
      ...toSign.map((id) => sign(t, tokenOf(links.get(id)!))),
      ...toCancel.map((id) => t.app.inject({ method: 'POST', url: `/offers/${id}/cancel-signing`, headers: bearer(apiToken) })),
      ...toCancel.map(() =>
        t.app.inject({ method: 'POST', url: '/offers', headers: bearer(apiToken), payload: { name: 'Created alongside' } }),
      ),
    ]);
    for (const res of results) assert.ok(res.statusCode < 300, `${res.statusCode} ${res.body}`);
    const after = (await list(t.app, apiToken)).data;
    assert.equal(after.length, 30);
    for (const id of toSign) assert.equal(byId(after, id)?.recipients[0]?.signingStatus, 'signed');
    for (const id of toCancel) assert.equal(byId(after, id)?.status, 'open');
  });

  // Two replicas on one database, each with its own memory: a write through one shows through the other.
  describeReplica(ctx);
});

function describeReplica(ctx: () => TestApp): void {
  let replica: App | undefined;
  before(async () => {
    replica = await buildApp(ctx().deps, { logger: false });
    await replica.ready();
  });
  after(async () => {
    await replica?.close();
  });

  it('a write through one replica shows in the next list through another', async () => {
    const t = ctx();
    const { apiToken } = await t.newOrganisation();
    const offer = await createOffer(t, apiToken, { name: 'Before' });
    await list(replica!, apiToken);
    await list(replica!, apiToken);
    const res = await t.app.inject({ method: 'PUT', url: `/offers/${offer.id}`, headers: bearer(apiToken), payload: { name: 'After' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(byId((await list(replica!, apiToken)).data, offer.id)?.name, 'After');
  });
}

describeEachEngine(
  'GET /offers with OFFERS_LIST_CACHE_MB=0',
  (ctx) => {
    it('reads the database on every request', async () => {
      const t = ctx();
      const { apiToken } = await t.newOrganisation();
      const offer = await createOffer(t, apiToken, { name: 'Uncached' });
      await list(t.app, apiToken);
      await renameWithoutTriggers(t, offer.id, 'Seen at once');
      const res = await t.app.inject({ method: 'GET', url: LIST, headers: bearer(apiToken) });
      assert.equal(byId(json(res).data, offer.id)?.name, 'Seen at once');
      // The ETag does not depend on the cache.
      const again = await t.app.inject({
        method: 'GET',
        url: LIST,
        headers: { ...bearer(apiToken), 'if-none-match': String(res.headers.etag) },
      });
      assert.equal(again.statusCode, 304);
    });
  },
  { env: { OFFERS_LIST_CACHE_MB: '0' } },
);
