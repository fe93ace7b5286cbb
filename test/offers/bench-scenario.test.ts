// The bench's seeding keeps every aggregate the list relies on exact, and its requests answer.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import setup from '../../bench/scenarios/offers.js';
import { describeEachEngine, json } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { createOffer } from './support.js';

describeEachEngine('bench scenario: offers', (ctx) => {
  it('seeds offers in bulk with exact counters, and both list requests answer, with and without the cache', async () => {
    const { apiToken, organisation } = await ctx().newOrganisation();
    const scenarios = await setup({ baseUrl: 'http://offerpay.test', apiToken, organisationId: organisation.id, db: ctx().db }, 3000);
    assert.deepEqual(
      scenarios.map((s) => s.serverEnv ?? {}),
      [{}, {}, { OFFERS_LIST_CACHE_MB: '0' }, { OFFERS_LIST_CACHE_MB: '0' }],
    );
    for (const s of scenarios) {
      const res = await ctx().app.inject({ method: s.request.method as 'GET', url: s.request.path, headers: s.request.headers! });
      assert.equal(res.statusCode, 200, res.body);
      const body = json(res);
      assertMatchesSeed('GET /offers 200', body);
      assert.equal(body.data.length, 30);
      const where = s.request.path.includes('dealType') ? "AND deal_type = 'new_business'" : '';
      const { rows } = await ctx().db.query<{ n: bigint }>(
        `SELECT count(*) AS n FROM offers WHERE organisation_id = $1 AND status IN ('open', 'signing') ${where}`,
        [organisation.id],
      );
      assert.equal(body.meta.pagination.totalItems, Number(rows[0]!.n));
    }
    // Numbers continue after the seeded ones.
    assert.equal((await createOffer(ctx(), apiToken)).number, 'ANG-3001');
  });
});
