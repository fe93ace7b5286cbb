// `npm run fuzz`, bounded: the campaign against a real server process on each engine finds no 5xx,
// no hang, no non-JSON API error and no crash; and its checks do flag what they are for.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { check } from '../../scripts/fuzz/checks.js';
import { runCampaign } from '../../scripts/fuzz/campaign.js';
import { summary } from '../../scripts/fuzz/report.js';
import type { FuzzRequest, FuzzResponse } from '../../scripts/fuzz/request.js';
import { engines } from '../helpers/db.js';
import { preparedDataDir } from '../helpers/process.js';

const root = path.resolve(import.meta.dirname, '../..');

const request = (over: Partial<FuzzRequest> = {}): FuzzRequest => ({
  kind: 'valid',
  route: 'GET /offers',
  method: 'GET',
  path: '/offers',
  headers: {},
  auth: 'valid',
  ...over,
});
const response = (status: number, body: string, over: Partial<FuzzResponse> = {}): FuzzResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: Buffer.from(body),
  bytes: Buffer.byteLength(body),
  ms: 12,
  ...over,
});
const problem = (status: number) => JSON.stringify({ type: '/problems/x', title: 'X', status });

describe('fuzz checks', () => {
  it('flag a 5xx, a hang, no answer, a non-JSON API error, a wrong error shape and a missed expectation', () => {
    const kinds = (req: FuzzRequest, res: FuzzResponse) => check(req, res).map((f) => f.kind);
    assert.deepEqual(kinds(request(), response(404, problem(404))), []);
    assert.deepEqual(kinds(request(), response(500, problem(500))), ['5xx']);
    assert.deepEqual(kinds(request(), response(200, '{}', { ms: 5001 })), ['hang']);
    assert.deepEqual(kinds(request(), response(0, '', { error: 'ECONNRESET' })), ['no answer']);
    assert.deepEqual(kinds(request(), response(400, 'Bad Request', { headers: { 'content-type': 'text/plain' } })), ['non-JSON error']);
    assert.deepEqual(kinds(request({ path: '/o/abc' }), response(404, '<html>', { headers: { 'content-type': 'text/html' } })), []);
    assert.deepEqual(
      kinds(
        request({ path: '/api/v2/invoices/create' }),
        response(400, '{"errors":{"amount":"x"}}', { headers: { 'content-type': 'application/json' } }),
      ),
      [],
    );
    assert.deepEqual(
      kinds(
        request({ path: '/api/v2/invoices/create' }),
        response(400, '{"message":"x"}', { headers: { 'content-type': 'application/json' } }),
      ),
      ['error shape'],
    );
    assert.deepEqual(
      kinds(
        request({ path: '/api/v2/invoices/create' }),
        response(400, '{"message":"Required features [invoices_enabled] not enabled."}', {
          headers: { 'content-type': 'application/json' },
        }),
      ),
      [],
      "the vendor's feature gate",
    );
    const wrongMethod = request({ expect: { status: [405], allow: true, why: '405 with Allow' } });
    assert.deepEqual(kinds(wrongMethod, response(405, problem(405))), ['expectation']);
    assert.deepEqual(
      kinds(wrongMethod, response(405, problem(405), { headers: { 'content-type': 'application/problem+json', allow: 'GET' } })),
      [],
    );
    const small = request({ expect: { maxBodyBytes: 10, why: 'small' } });
    assert.deepEqual(kinds(small, response(422, problem(422))), ['expectation']);
  });
});

for (const engine of engines) {
  describe(`npm run fuzz, bounded (${engine})`, () => {
    it('300 requests: no 5xx, hang, non-JSON error or crash; seeded handlers answer 2xx too', async () => {
      const tally = await runCampaign({
        root,
        engine,
        requests: 300,
        seed: 13,
        concurrency: 8,
        ...(engine === 'postgres' ? { postgresUrl: process.env.TEST_DATABASE_URL! } : { dataDir: await preparedDataDir() }),
      });
      const failures = tally.failures;
      assert.equal(tally.requests, 300);
      assert.deepEqual(failures.length, 0, summary(tally));
      assert.ok((tally.statusClasses['2xx'] ?? 0) > 20, 'valid requests reach the seeded data');
      assert.ok((tally.statusClasses['4xx'] ?? 0) > 120, 'mutations are refused');
    });
  });
}
