// Each surface answers unknown routes, oversized bodies and malformed JSON in its own format.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sign } from '../../src/invoices/signature.js';
import { describeEachEngine, json } from '../helpers/app.js';

const BIG = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });

describeEachEngine('error formats per surface', (ctx) => {
  it('Offers API: unknown route 404, oversized body 413, malformed JSON 400 — problem+json with the request id', async () => {
    const org = await ctx().newOrganisation();
    const auth = { authorization: `Bearer ${org.apiToken}`, 'content-type': 'application/json' };
    const cases = [
      { res: await ctx().app.inject({ method: 'GET', url: '/no-such-route' }), status: 404 },
      { res: await ctx().app.inject({ method: 'POST', url: '/offers', headers: auth, payload: BIG }), status: 413 },
      { res: await ctx().app.inject({ method: 'POST', url: '/offers', headers: auth, payload: '{"name":' }), status: 400 },
    ];
    for (const { res, status } of cases) {
      assert.equal(res.statusCode, status, res.body);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const problem = json(res);
      assert.equal(problem.status, status);
      assert.equal(problem.requestId, res.headers['x-request-id']);
      assert.ok(problem.title && problem.detail && problem.type);
    }
  });

  it('Merchant API: unknown route 403 required_header_key, oversized body 413, malformed JSON 400 bad_content_format', async () => {
    const org = await ctx().newOrganisation();
    const headers = (body: string) => ({
      'content-type': 'application/json',
      'x-processing-key': org.merchant.key,
      'x-processing-signature': sign(org.merchant.secret, body),
    });
    const unknown = await ctx().app.inject({ method: 'POST', url: '/api/v2/nothing/here', headers: headers('{}'), payload: '{}' });
    assert.equal(unknown.statusCode, 403);
    assert.deepEqual(json(unknown), { error: 'No key header', code: 'required_header_key' });

    const big = await ctx().app.inject({ method: 'POST', url: '/api/v2/invoices/create', headers: headers(BIG), payload: BIG });
    assert.equal(big.statusCode, 413);
    assert.deepEqual(json(big), { error: 'Request body is too large', code: 'payload_too_large' });

    const malformed = '{"foreign_id":';
    const bad = await ctx().app.inject({ method: 'POST', url: '/api/v2/invoices/create', headers: headers(malformed), payload: malformed });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(json(bad), { error: 'Bad content format', code: 'bad_content_format' });
  });
});
