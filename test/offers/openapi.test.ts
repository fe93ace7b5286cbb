// The seed validator really rejects what the seed forbids, and /openapi.json documents the Offers API.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachEngine, json } from '../helpers/app.js';
import { assertMatchesSeed, seedProperties } from '../helpers/openapi.js';
import { createOffer, getOffer, publish } from './support.js';

describeEachEngine('offers OpenAPI', (ctx) => {
  it('the seed validator rejects wrong types and values', () => {
    assert.throws(() => assertMatchesSeed('Offer-OfferRead', { status: 'draft' }), /status/);
    assert.throws(() => assertMatchesSeed('Offer-OfferRead', { number: 1 }), /number/);
    assert.throws(() => assertMatchesSeed('Offer-OfferRead', { issuedAt: null }), /issuedAt/);
    assert.throws(() => assertMatchesSeed('GET /offers 200', { data: [], meta: { pagination: { totalItems: '1' } } }), /totalItems/);
    assert.throws(() => assertMatchesSeed('POST /offers/{id}/cancel-signing 200', {}), /status/);
    assertMatchesSeed('POST /offers/{id}/cancel-signing 200', { status: 'open' });
  });

  it("shows every field of the seed's Offer-OfferRead and OfferRecipient-OfferRead (none dropped by serialization)", async () => {
    const { apiToken } = await ctx().newOrganisation();
    const offer = await createOffer(ctx(), apiToken, { name: 'All fields', recipients: [{ email: 'a@b.example' }] });
    assert.equal((await publish(ctx(), apiToken, offer.id)).statusCode, 200);
    const read = await getOffer(ctx(), apiToken, offer.id);
    assert.deepEqual(
      seedProperties('Offer-OfferRead').filter((k) => !(k in read)),
      [],
    );
    assert.deepEqual(
      seedProperties('OfferRecipient-OfferRead').filter((k) => !(k in read.recipients[0])),
      [],
    );
  });

  it('publishes every Offers API path in /openapi.json', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = json(res);
    for (const path of [
      '/offers',
      '/offers/{id}',
      '/api/offers/{id}',
      '/offers/{id}/recipients',
      '/offers/{id}/recipients/{recipientId}',
      '/api/offers/{id}/publish',
      '/offers/{id}/cancel-signing',
      '/api/offers/{id}/accept',
      '/offers/{id}/archive',
      '/api/offers/{id}/activities',
    ]) {
      assert.ok(doc.paths[path], path);
    }
    const params = doc.paths['/offers'].get.parameters.map((p: { name: string }) => p.name);
    for (const name of ['page', 'limit', 'status', 'status[]', 'exists[subscription]', 'order[cachedContractValueCents]', 'signed'])
      assert.ok(params.includes(name), name);
  });

  it("marks offerpay's own Offers API paths with x-offerpay-extension, and not the vendor's", async () => {
    const doc = json(await ctx().app.inject({ method: 'GET', url: '/openapi.json' }));
    for (const [path, method] of [
      ['/offers/{id}/recipients/{recipientId}', 'delete'],
      ['/offers/{id}/archive', 'post'],
      ['/api/approval-requests', 'get'],
      ['/offer-templates', 'post'],
      ['/offer-templates', 'get'],
      ['/offer-templates/{id}', 'get'],
      ['/offer-templates/{id}', 'put'],
      ['/offer-templates/{id}', 'delete'],
    ]) {
      assert.equal(doc.paths[path!]?.[method!]?.['x-offerpay-extension'], true, `${method} ${path}`);
    }
    for (const [path, method] of [
      ['/offers', 'get'],
      ['/offers/{id}/cancel-signing', 'post'],
      ['/api/offers/{id}/publish', 'post'],
      ['/api/offers/{id}/approval/approve', 'post'],
    ]) {
      assert.equal(doc.paths[path!]?.[method!]?.['x-offerpay-extension'], undefined, `${method} ${path}`);
    }
  });
});
