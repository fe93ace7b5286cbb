// Idempotency-Key on the Offers API's POST requests: one execution per key, the first answer replayed.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json, ManualClock, type TestApp } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { signingOffer } from '../offers/support.js';
import { pruneOnce } from '../../src/operations/retention.js';

const clock = new ManualClock();

const post = (t: TestApp, token: string, url: string, key: string | undefined, payload?: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(token), ...(key === undefined ? {} : { 'idempotency-key': key }) },
    ...(payload ? { payload } : {}),
  });

async function offerCount(t: TestApp, token: string): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: '/offers?limit=0', headers: bearer(token) });
  return json(res).meta.pagination.totalItems;
}

describeEachEngine(
  'Idempotency-Key',
  (ctx) => {
    let token = '';
    before(async () => {
      token = (await ctx().newOrganisation()).apiToken;
    });

    it('runs a create once and replays its answer to a retry', async () => {
      const t = ctx();
      const first = await post(t, token, '/offers', 'create-1', { name: 'Once' });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const retry = await post(t, token, '/offers', 'create-1', { name: 'Once' });
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(retry.headers['content-type'], first.headers['content-type']);
      assert.equal(retry.body, first.body);
      assert.equal(await offerCount(t, token), 1);
      // Without a key, or with another one, the same body creates again.
      assert.equal((await post(t, token, '/offers', undefined, { name: 'Once' })).statusCode, 201);
      assert.equal((await post(t, token, '/offers', 'create-2', { name: 'Once' })).statusCode, 201);
      assert.equal(await offerCount(t, token), 3);
    });

    it('refuses a key reused for another request with 422, and changes nothing', async () => {
      const t = ctx();
      const before = await offerCount(t, token);
      assert.equal((await post(t, token, '/offers', 'reuse-1', { name: 'A' })).statusCode, 201);
      const otherBody = await post(t, token, '/offers', 'reuse-1', { name: 'B' });
      assert.equal(otherBody.statusCode, 422);
      assert.equal(otherBody.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(json(otherBody).detail, /used for another request/);
      const otherPath = await post(t, token, '/offer-templates', 'reuse-1', { name: 'A' });
      assert.equal(otherPath.statusCode, 422);
      assert.equal(await offerCount(t, token), before + 1);
    });

    it('replays an error the first request got, even after the state changed', async () => {
      const t = ctx();
      const offer = await signingOffer(t, token);
      const first = await post(t, token, `/offers/${offer.id}/cancel-signing`, 'cancel-1');
      assert.equal(first.statusCode, 200, first.body);
      assertMatchesSeed('POST /offers/{id}/cancel-signing 200', json(first));
      const conflict = await post(t, token, `/offers/${offer.id}/cancel-signing`, 'cancel-2');
      assert.equal(conflict.statusCode, 409);
      // The offer signs again; the retry of cancel-2 still gets its 409, and cancel-1's retry its 200.
      assert.equal((await post(t, token, `/api/offers/${offer.id}/publish`, undefined, {})).statusCode, 200);
      const replayedConflict = await post(t, token, `/offers/${offer.id}/cancel-signing`, 'cancel-2');
      assert.equal(replayedConflict.statusCode, 409);
      assert.equal(replayedConflict.body, conflict.body);
      const replayedOk = await post(t, token, `/offers/${offer.id}/cancel-signing`, 'cancel-1');
      assert.deepEqual([replayedOk.statusCode, replayedOk.body], [200, first.body]);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/offers/${offer.id}`, headers: bearer(token) })).json().status,
        'signing',
      );
    });

    it('keeps no answer for a request refused before it ran', async () => {
      const t = ctx();
      const invalid = await post(t, token, '/offers', 'refused-1', { name: 5 });
      assert.equal(invalid.statusCode, 422);
      // The schema refused it before it ran: the key stays free for the corrected request.
      const corrected = await post(t, token, '/offers', 'refused-1', { name: 'Five' });
      assert.equal(corrected.statusCode, 201, corrected.body);
      assert.equal(corrected.headers['idempotent-replayed'], undefined);
      const unauthenticated = await post(t, 'api_wrong', '/offers', 'refused-2', { name: 'X' });
      assert.equal(unauthenticated.statusCode, 401);
      assert.equal((await post(t, token, '/offers', 'refused-2', { name: 'X' })).headers['idempotent-replayed'], undefined);
    });

    it('keeps keys per organisation', async () => {
      const t = ctx();
      const other = await t.newOrganisation();
      const mine = await post(t, token, '/offers', 'shared-key', { name: 'Mine' });
      const theirs = await post(t, other.apiToken, '/offers', 'shared-key', { name: 'Theirs' });
      assert.equal(theirs.statusCode, 201);
      assert.equal(theirs.headers['idempotent-replayed'], undefined);
      assert.notEqual(json(theirs).id, json(mine).id);
      assert.equal(json(theirs).name, 'Theirs');
    });

    it('lets concurrent requests with one key run once', async () => {
      const t = ctx();
      const { apiToken } = await t.newOrganisation();
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(t, apiToken, '/offers', 'race', { name: 'Raced' })));
      const created = answers.filter((a) => a.statusCode === 201);
      assert.ok(created.length >= 1);
      for (const a of created) assert.equal(a.body, created[0]!.body);
      for (const a of answers.filter((a) => a.statusCode !== 201)) {
        assert.equal(a.statusCode, 409);
        assert.match(json(a).detail, /still running/);
      }
      assert.equal(await offerCount(t, apiToken), 1);
    });

    it('forgets a key after 24 hours', async () => {
      const t = ctx();
      const { apiToken } = await t.newOrganisation();
      clock.set(new Date('2026-06-01T10:00:00Z'));
      assert.equal((await post(t, apiToken, '/offers', 'daily', { name: 'Day one' })).statusCode, 201);
      clock.advance(23 * 3600_000);
      assert.equal((await post(t, apiToken, '/offers', 'daily', { name: 'Day one' })).headers['idempotent-replayed'], 'true');
      clock.advance(3600_000);
      const fresh = await post(t, apiToken, '/offers', 'daily', { name: 'Day two' });
      assert.equal(fresh.statusCode, 201);
      assert.equal(fresh.headers['idempotent-replayed'], undefined);
      assert.equal(await offerCount(t, apiToken), 2);
    });

    it('the retention job deletes keys past their 24 hours and keeps younger ones', async () => {
      const t = ctx();
      const { apiToken, organisation } = await t.newOrganisation();
      clock.set(new Date('2026-06-03T10:00:00Z'));
      await post(t, apiToken, '/offers', 'old-1', { name: 'Old' });
      await post(t, apiToken, '/offers', 'old-2', { name: 'Old' });
      clock.advance(12 * 3600_000);
      await post(t, apiToken, '/offers', 'young', { name: 'Young' });
      const result = await pruneOnce(t.deps, new Date(Date.parse('2026-06-04T10:00:00Z') + 1));
      assert.ok(result.idempotencyKeys >= 2);
      const { rows } = await t.db.query<{ key: string }>('SELECT key FROM idempotency_keys WHERE organisation_id = $1', [organisation.id]);
      assert.deepEqual(
        rows.map((r) => r.key),
        ['young'],
      );
    });

    it('answers a retry of a request that never finished: outcome unknown, nothing run twice', async () => {
      const t = ctx();
      const { apiToken, organisation } = await t.newOrganisation();
      clock.set(new Date('2026-06-02T10:00:00Z'));
      assert.equal((await post(t, apiToken, '/offers', 'crashed', { name: 'Crash' })).statusCode, 201);
      // As if the process had died before keeping the answer.
      await t.db.query('UPDATE idempotency_keys SET response_status = NULL, response_body = NULL WHERE organisation_id = $1', [
        organisation.id,
      ]);
      const running = await post(t, apiToken, '/offers', 'crashed', { name: 'Crash' });
      assert.deepEqual([running.statusCode, /still running/.test(json(running).detail)], [409, true]);
      clock.advance(61_000);
      const unknown = await post(t, apiToken, '/offers', 'crashed', { name: 'Crash' });
      assert.deepEqual([unknown.statusCode, /outcome is unknown/.test(json(unknown).detail)], [409, true]);
      assert.equal(await offerCount(t, apiToken), 1);
    });

    it('stores answers encrypted: no webhook secret in the clear', async () => {
      const t = ctx();
      const { apiToken, organisation } = await t.newOrganisation();
      const created = await post(t, apiToken, '/webhooks', 'hook-1', {
        url: 'https://hooks.example.com/offerpay',
        events: ['offer.created'],
      });
      assert.equal(created.statusCode, 201, created.body);
      const secret = json(created).secret as string;
      assert.ok(secret && secret.length > 10);
      const { rows } = await t.db.query<{ response_body: string }>(
        'SELECT response_body FROM idempotency_keys WHERE organisation_id = $1',
        [organisation.id],
      );
      assert.equal(rows.length, 1);
      assert.ok(!rows[0]!.response_body.includes(secret));
      assert.equal(
        (await post(t, apiToken, '/webhooks', 'hook-1', { url: 'https://hooks.example.com/offerpay', events: ['offer.created'] })).body,
        created.body,
      );
    });

    it('refuses a malformed key, and a key on a multipart request', async () => {
      const t = ctx();
      for (const key of ['', 'x'.repeat(256), 'tab\there']) {
        const res = await post(t, token, '/offers', key, { name: 'Bad key' });
        assert.equal(res.statusCode, 400, `${JSON.stringify(key)}: ${res.body}`);
      }
      const offer = await signingOffer(t, token);
      const boundary = 'offerpayboundary';
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/offers/${offer.id}/accept`,
        headers: { ...bearer(token), 'idempotency-key': 'multi', 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="acceptedAt"\r\n\r\n2026-06-01T10:00:00Z\r\n--${boundary}--\r\n`,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(json(res).detail, /multipart/);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/offers/${offer.id}`, headers: bearer(token) })).json().status,
        'signing',
      );
    });

    it('documents the header on every POST of the Offers API', async () => {
      const doc = json(await ctx().app.inject({ method: 'GET', url: '/openapi.json' }));
      const posts = Object.entries(
        doc.paths as Record<string, Record<string, { parameters?: { in: string; name: string }[]; security?: unknown }>>,
      )
        .filter(([path]) => !path.startsWith('/api/v2') && !path.startsWith('/admin') && !path.startsWith('/public'))
        .flatMap(([path, ops]) => (ops.post ? [[path, ops.post] as const] : []));
      assert.ok(posts.length >= 10);
      for (const [path, op] of posts) {
        assert.ok(
          op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key'),
          `${path} documents Idempotency-Key`,
        );
      }
    });
  },
  { clock },
);

describeEachEngine('Idempotency-Key after a server error', (ctx) => {
  it('releases the key, so that the retry runs', async () => {
    const t = ctx();
    const { apiToken, organisation } = await t.newOrganisation();
    await t.db.query('ALTER TABLE offer_counters RENAME TO offer_counters_away');
    try {
      const failed = await post(t, apiToken, '/offers', 'after-500', { name: 'Retried' });
      assert.equal(failed.statusCode, 500);
    } finally {
      await t.db.query('ALTER TABLE offer_counters_away RENAME TO offer_counters');
    }
    const { rows } = await t.db.query('SELECT 1 FROM idempotency_keys WHERE organisation_id = $1', [organisation.id]);
    assert.equal(rows.length, 0);
    const retry = await post(t, apiToken, '/offers', 'after-500', { name: 'Retried' });
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], undefined);
  });
});
