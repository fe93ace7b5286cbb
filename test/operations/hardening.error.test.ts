// Regressions from the attack and fuzzing campaign (issue 13): what a client can send never yields a
// 500, and a request without valid credentials is refused before its body is read or validated.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { it } from 'node:test';
import { ADMIN_TOKEN, describeEachEngine, json } from '../helpers/app.js';
import { publishedOffer } from '../offers/recipient-support.js';
import { createOffer } from '../offers/support.js';

const MULTIPART_BODIES = [
  {
    name: 'truncated',
    type: 'multipart/form-data; boundary=XYZ',
    payload: '--XYZ\r\nContent-Disposition: form-data; name="acceptedAt"\r\n\r\n2026',
  },
  { name: 'garbage', type: 'multipart/form-data; boundary=XYZ', payload: 'garbage' },
  { name: 'no boundary', type: 'multipart/form-data', payload: '--XYZ\r\n' },
];

function assertProblem(res: LightMyRequestResponse, status: number) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = json(res);
  assert.equal(problem.status, status);
  assert.equal(problem.requestId, res.headers['x-request-id']);
  assert.doesNotMatch(res.body, /at \w+ \(|node_modules/, 'no stack trace');
}

describeEachEngine('hardening: input and authentication order', (ctx) => {
  it('a malformed multipart body is a 400 problem on both upload routes, never a 500', async () => {
    const org = await ctx().newOrganisation();
    const offer = await createOffer(ctx(), org.apiToken);
    const { tokens } = await publishedOffer(ctx(), org.apiToken, {
      acceptanceMode: 'click',
      recipients: [{ email: 'anna@example.com', role: 'sign' }],
    });
    for (const body of MULTIPART_BODIES) {
      const accept = await ctx().app.inject({
        method: 'POST',
        url: `/api/offers/${offer.id}/accept`,
        headers: { authorization: `Bearer ${org.apiToken}`, 'content-type': body.type },
        payload: body.payload,
      });
      assertProblem(accept, 400);
      const details = await ctx().app.inject({
        method: 'POST',
        url: `/public/offers/${tokens['anna@example.com']}/invoice-details`,
        headers: { 'content-type': body.type },
        payload: body.payload,
      });
      assert.ok(details.statusCode >= 400 && details.statusCode < 500, `${body.name}: ${details.statusCode} ${details.body}`);
    }
    // Nothing changed: the offer is still open and unsigned.
    const after = json(
      await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}`, headers: { authorization: `Bearer ${org.apiToken}` } }),
    );
    assert.equal(after.status, 'open');
    assert.equal(after.signed, false);
  });

  it('without a valid token, a bad or malformed body gets the 401, not a 422 that lists the schema', async () => {
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1])));
    for (const headers of [{}, { authorization: 'Bearer api_wrong' }]) {
      for (const payload of ['{"unknown": 1}', '{"name":', many]) {
        const res = await ctx().app.inject({
          method: 'POST',
          url: '/offers',
          headers: { ...headers, 'content-type': 'application/json' },
          payload,
        });
        assertProblem(res, 401);
        assert.ok(res.body.length < 1000, 'the answer does not echo the body');
      }
      const webhook = await ctx().app.inject({
        method: 'POST',
        url: '/webhooks',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"x": 1}',
      });
      assertProblem(webhook, 401);
    }
    const admin = await ctx().app.inject({
      method: 'POST',
      url: '/admin/organisations',
      headers: { authorization: 'Bearer wrong-admin-token-000', 'content-type': 'application/json' },
      payload: '{"nope": true}',
    });
    assertProblem(admin, 401);
    const adminOk = await ctx().app.inject({
      method: 'POST',
      url: '/admin/organisations',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      payload: '{"nope": true}',
    });
    assertProblem(adminOk, 422);
  });
});

describeEachEngine('hardening: body-less requests as generated clients send them', (ctx) => {
  it('a body-less POST sent with Content-Type: application/json is no body: cancel-signing accepts it, POST /offers answers its 422', async () => {
    const org = await ctx().newOrganisation();
    const headers = { authorization: `Bearer ${org.apiToken}`, 'content-type': 'application/json' };
    const offer = await createOffer(ctx(), org.apiToken, {
      name: 'Signing',
      acceptanceMode: 'esignature',
      recipients: [{ email: 'anna@example.com', role: 'sign' }],
    });
    const published = await ctx().app.inject({ method: 'POST', url: `/api/offers/${offer.id}/publish`, headers, payload: '{}' });
    assert.equal(published.statusCode, 200, published.body);
    const cancelled = await ctx().app.inject({ method: 'POST', url: `/offers/${offer.id}/cancel-signing`, headers });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.deepEqual(json(cancelled), { status: 'open' });
    assertProblem(await ctx().app.inject({ method: 'POST', url: '/offers', headers }), 422);
    assertProblem(await ctx().app.inject({ method: 'POST', url: '/offers', headers, payload: '{"name":' }), 400);
  });
});

describeEachEngine('hardening: router-level errors in the documented shape', (ctx) => {
  it('a known path with another method is a 405 problem with Allow; an unknown path stays a 404', async () => {
    const org = await ctx().newOrganisation();
    const auth = { authorization: `Bearer ${org.apiToken}` };
    const patch = await ctx().app.inject({ method: 'PATCH', url: '/offers', headers: auth });
    assertProblem(patch, 405);
    assert.equal(patch.headers.allow, 'GET, HEAD, POST');
    const offer = await createOffer(ctx(), org.apiToken);
    const del = await ctx().app.inject({ method: 'DELETE', url: `/offers/${offer.id}/cancel-signing`, headers: auth });
    assertProblem(del, 405);
    assert.equal(del.headers.allow, 'POST');
    assertProblem(await ctx().app.inject({ method: 'PATCH', url: '/no-such-thing', headers: auth }), 404);
  });

  it('a URL with broken percent-encoding is a 400 in the surface format, with the request id', async () => {
    const org = await ctx().newOrganisation();
    const res = await ctx().app.inject({ method: 'GET', url: '/offers/%E0%A4%A', headers: { authorization: `Bearer ${org.apiToken}` } });
    assertProblem(res, 400);
    const merchant = await ctx().app.inject({ method: 'POST', url: '/api/v2/invoices/%E0%A4%A/cancel/', payload: '{}' });
    assert.equal(merchant.statusCode, 403);
    assert.deepEqual(json(merchant), { error: 'No key header', code: 'required_header_key' });
    assert.ok(merchant.headers['x-request-id']);
  });
});

describeEachEngine(
  'hardening: https deployments',
  (ctx) => {
    it('sends Strict-Transport-Security when PUBLIC_URL is https, and refuses cross-site form posts to the recipient page', async () => {
      const health = await ctx().app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');

      const org = await ctx().newOrganisation();
      const { tokens } = await publishedOffer(ctx(), org.apiToken, {
        acceptanceMode: 'click',
        recipients: [{ email: 'anna@example.com', role: 'sign' }],
      });
      const token = tokens['anna@example.com'];
      const post = (headers: Record<string, string>) =>
        ctx().app.inject({
          method: 'POST',
          url: `/o/${token}/accept`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          payload: 'consent=on',
        });
      assertProblem(await post({ origin: 'https://evil.example' }), 403);
      assertProblem(await post({ origin: 'null', 'sec-fetch-site': 'cross-site' }), 403);
      const offerAfter = json(await ctx().app.inject({ method: 'GET', url: `/public/offers/${token}` }));
      assert.equal(offerAfter.offer.status, 'open', 'the forged post changed nothing');
      // Our own page's form: Origin "null" under its no-referrer policy, and Sec-Fetch-Site same-origin.
      const own = await post({ origin: 'null', 'sec-fetch-site': 'same-origin' });
      assert.equal(own.statusCode, 303, own.body);
    });
  },
  { env: { PUBLIC_URL: 'https://offers.example.com' } },
);

describeEachEngine('hardening: plain http deployments', (ctx) => {
  it('sends no Strict-Transport-Security when PUBLIC_URL is http', async () => {
    const health = await ctx().app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.headers['strict-transport-security'], undefined);
  });
});

describeEachEngine('hardening: what one offer and one organisation may hold', (ctx) => {
  it('an offer has at most 50 recipients, however they are added: a clear 422, nothing written', async () => {
    const org = await ctx().newOrganisation();
    const headers = { authorization: `Bearer ${org.apiToken}` };
    const recipients = Array.from({ length: 50 }, (_, i) => ({ email: `r${i}@example.com`, role: 'sign' }));
    const offer = await createOffer(ctx(), org.apiToken, { name: 'Full', recipients });
    const add = await ctx().app.inject({
      method: 'POST',
      url: `/offers/${offer.id}/recipients`,
      headers,
      payload: { email: 'one-more@example.com' },
    });
    assertProblem(add, 422);
    assert.match(json(add).violations[0].message, /at most 50 recipients/);
    const publish = await ctx().app.inject({
      method: 'POST',
      url: `/api/offers/${offer.id}/publish`,
      headers,
      payload: { newRecipients: [{ email: 'late@example.com' }] },
    });
    assertProblem(publish, 422);
    const after = json(await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}`, headers }));
    assert.equal(after.recipients.length, 50);
    assert.equal(after.status, 'open');
  });

  it('an organisation has at most 20 webhook endpoints: the 21st is a clear 422', async () => {
    const org = await ctx().newOrganisation();
    const create = (i: number) =>
      ctx().app.inject({
        method: 'POST',
        url: '/webhooks',
        headers: { authorization: `Bearer ${org.apiToken}` },
        payload: { url: `https://hooks.example.com/${i}`, events: ['offer.created'] },
      });
    for (let i = 0; i < 20; i++) assert.equal((await create(i)).statusCode, 201);
    const extra = await create(20);
    assertProblem(extra, 422);
    assert.match(json(extra).violations[0].message, /at most 20 webhook endpoints/);
    const list = json(await ctx().app.inject({ method: 'GET', url: '/webhooks', headers: { authorization: `Bearer ${org.apiToken}` } }));
    assert.equal(list.data.length, 20);
  });
});
