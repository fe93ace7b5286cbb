// An unknown URL under /api/v2, or a known path with a method it does not take, answers as the
// vendor does: 403 required_header_key, whatever the body (found by `npm run fuzz`: a signed PUT
// /api/v2/transactions/info without a body answered 400 bad_content_format).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sign } from '../../src/invoices/signature.js';
import { describeEachEngine, json } from '../helpers/app.js';

describeEachEngine('merchant api: unknown URLs and methods', (ctx) => {
  it('answer 403 required_header_key, signed or not, with any body', async () => {
    const org = await ctx().newOrganisation();
    const { key, secret } = org.merchant;
    const urls: Array<['PUT' | 'DELETE' | 'PATCH' | 'GET' | 'POST', string]> = [
      ['PUT', '/api/v2/transactions/info'],
      ['DELETE', '/api/v2/transactions/info'],
      ['PATCH', '/api/v2/invoices/create'],
      ['GET', '/api/v2/invoices/create'],
      ['POST', '/api/v2/nope'],
    ];
    for (const [method, url] of urls) {
      for (const [payload, type] of [
        ['', 'application/json'],
        ['{"a":', 'application/json'],
        ['{}', 'text/plain'],
        ['{}', 'application/json'],
      ]) {
        for (const signed of [true, false]) {
          const headers: Record<string, string> = { 'content-type': type! };
          if (signed) Object.assign(headers, { 'x-processing-key': key, 'x-processing-signature': sign(secret, payload!) });
          const res = await ctx().app.inject({ method, url, payload, headers });
          assert.equal(res.statusCode, 403, `${method} ${url} ${JSON.stringify(payload)} signed=${signed}`);
          assert.deepEqual(json(res), { error: 'No key header', code: 'required_header_key' });
        }
      }
    }
  });
});
