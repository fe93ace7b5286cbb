// What one offer may hold is capped, so that a published version renders in bounded time: a 422
// naming the field, and nothing changed — on create, update, template use, template writes and publish.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MAX_CONTENT_BYTES } from '../../src/offers/content-limits.js';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { createOffer, getOffer, publish } from './support.js';

const item = { name: 'Hosting', quantity: 1, unitAmountCents: 100, currency: 'EUR', interval: null, priceType: 'per_unit' };
// 20 sections of 15,000 characters: each within its own cap, 300 KB in all.
const bigSections = Array.from({ length: 20 }, () => 'x'.repeat(15_000));

describeEachEngine('offer content caps', (ctx) => {
  const post = (apiToken: string, url: string, payload: unknown) =>
    ctx().app.inject({ method: 'POST', url, headers: bearer(apiToken), payload: payload as Record<string, unknown> });
  const count = async (apiToken: string) =>
    json(await ctx().app.inject({ method: 'GET', url: '/offers', headers: bearer(apiToken) })).meta.pagination.totalItems;
  const paths = (body: string) => (JSON.parse(body).violations as { propertyPath: string }[]).map((v) => v.propertyPath);

  it('refuses more line items than the cap, and content over the total, naming the field; nothing is created', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const tooMany = await post(apiToken, '/offers', { name: 'Big', lineItems: Array.from({ length: 201 }, () => item) });
    assert.equal(tooMany.statusCode, 422, tooMany.body);
    assert.match(tooMany.headers['content-type'] as string, /application\/problem\+json/);
    assert.deepEqual(paths(tooMany.body), ['lineItems']);

    const tooLarge = await post(apiToken, '/offers', { name: 'Big', sections: bigSections });
    assert.equal(tooLarge.statusCode, 422, tooLarge.body);
    assert.deepEqual(paths(tooLarge.body), ['sections']);
    assert.match(JSON.parse(tooLarge.body).violations[0].message, /at most 256 KB/);
    assert.equal(await count(apiToken), 0);

    // A few short placeholders for one long variable count as what they render to.
    const expanding = await post(apiToken, '/offers', {
      name: 'Amplified',
      sections: Array.from({ length: 100 }, () => '{{v}}'.repeat(300)),
      customVariables: { v: 'y'.repeat(2000) },
    });
    assert.equal(expanding.statusCode, 422, expanding.body);
    assert.deepEqual(paths(expanding.body), ['sections']);
    assert.equal(await count(apiToken), 0);

    const atCap = await post(apiToken, '/offers', { name: 'Fits', lineItems: Array.from({ length: 200 }, () => item) });
    assert.equal(atCap.statusCode, 201, atCap.body);
  });

  it('refuses an update that takes the content over the total and keeps the offer as it was', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const offer = await createOffer(ctx(), apiToken, { name: 'Half', sections: bigSections.slice(0, 10) });
    const res = await ctx().app.inject({
      method: 'PUT',
      url: `/offers/${offer.id}`,
      headers: bearer(apiToken),
      payload: { blocks: Array.from({ length: 10 }, () => ({ type: 'text', text: 'z'.repeat(15_000) })) },
    });
    assert.equal(res.statusCode, 422, res.body);
    assert.deepEqual(paths(res.body), ['blocks'], 'the field holding the most');
    const after = await getOffer(ctx(), apiToken, offer.id);
    assert.deepEqual(after.blocks, []);
    assert.equal(after.currentVersionHash, offer.currentVersionHash);
  });

  it('refuses a template over the total, and an offer whose body and template together exceed it', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const tooLarge = await post(apiToken, '/offer-templates', { name: 'Huge', sections: bigSections });
    assert.equal(tooLarge.statusCode, 422, tooLarge.body);
    assert.deepEqual(paths(tooLarge.body), ['sections']);

    const template = await post(apiToken, '/offer-templates', { name: 'Half', sections: bigSections.slice(0, 10) });
    assert.equal(template.statusCode, 201, template.body);
    const combined = await post(apiToken, '/offers', {
      offerTemplateId: json(template).id,
      blocks: Array.from({ length: 10 }, () => ({ type: 'text', text: 'z'.repeat(15_000) })),
    });
    assert.equal(combined.statusCode, 422, combined.body);
    assert.equal(await count(apiToken), 0);
  });

  it('refuses to publish an offer written before the cap, and leaves it unpublished', async () => {
    const { apiToken, organisation } = await ctx().newOrganisation();
    const offer = await createOffer(ctx(), apiToken, { name: 'Old', recipients: [{ email: 'anna@example.com', role: 'sign' }] });
    const huge = JSON.stringify(Array.from({ length: 4 }, () => 'x'.repeat(MAX_CONTENT_BYTES / 2)));
    await ctx().db.query('UPDATE offers SET sections = $1::jsonb WHERE id = $2 AND organisation_id = $3', [
      huge,
      offer.id,
      organisation.id,
    ]);
    const res = await publish(ctx(), apiToken, offer.id);
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(JSON.parse(res.body).detail, 'The offer cannot be published.');
    assert.deepEqual(paths(res.body), ['sections']);
    const after = await getOffer(ctx(), apiToken, offer.id);
    assert.equal(after.status, 'open');
    assert.equal(after.publishedVersionHash, null);
  });
});
