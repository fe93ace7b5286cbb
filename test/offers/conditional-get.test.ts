// Conditional GET of one offer: an ETag on every read, 304 while it holds, a new tag after any change.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { createOffer } from './support.js';

describeEachEngine('GET /api/offers/{id} with If-None-Match', (ctx) => {
  let token = '';
  before(async () => {
    token = (await ctx().newOrganisation()).apiToken;
  });

  it('answers 304 without a body while the offer is unchanged, on both paths', async () => {
    const t = ctx();
    const offer = await createOffer(t, token, { name: 'Tagged offer' });
    const first = await t.app.inject({ method: 'GET', url: `/api/offers/${offer.id}`, headers: bearer(token) });
    assert.equal(first.statusCode, 200);
    assertMatchesSeed('Offer-OfferRead', json(first));
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]{43}"$/);
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    for (const url of [`/api/offers/${offer.id}`, `/offers/${offer.id}`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { ...bearer(token), 'if-none-match': etag } });
      assert.deepEqual([res.statusCode, res.body, res.headers.etag], [304, '', etag], url);
    }
    await t.app.inject({ method: 'PUT', url: `/offers/${offer.id}`, headers: bearer(token), payload: { name: 'Changed offer' } });
    const changed = await t.app.inject({
      method: 'GET',
      url: `/api/offers/${offer.id}`,
      headers: { ...bearer(token), 'if-none-match': etag },
    });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
    assert.equal(json(changed).name, 'Changed offer');
  });

  it('checks the token and the organisation before any 304', async () => {
    const t = ctx();
    const offer = await createOffer(t, token, { name: 'Private offer' });
    const other = await t.newOrganisation();
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/offers/${offer.id}`,
      headers: { ...bearer(other.apiToken), 'if-none-match': '*' },
    });
    assert.equal(foreign.statusCode, 404);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/offers/${offer.id}`, headers: { 'if-none-match': '*' } });
    assert.equal(anonymous.statusCode, 401);
  });
});
