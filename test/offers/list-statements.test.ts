// Issue 17: an uncached GET /offers page is one SQL statement (one round trip): the page cut, the exact
// total and the offers' JSON together, the JSON built by the function derived from the code
// (offers/list-page-function.ts). An empty page and a page cut from the far end are one statement too.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { countStatements, statementsOf, type StatementCounter } from '../helpers/statements.js';
import { createOffer } from './support.js';

describeEachEngine(
  'GET /offers statements',
  (ctx) => {
    let token = '';
    let counter: StatementCounter;
    const ids: string[] = [];
    before(async () => {
      token = (await ctx().newOrganisation()).apiToken;
      for (let i = 0; i < 5; i++) ids.push((await createOffer(ctx(), token, { name: `Offer ${i}` })).id);
      counter = countStatements(ctx().db);
    });
    after(() => counter.uninstall());

    const get = async (url: string) => {
      const res = await ctx().app.inject({ method: 'GET', url, headers: bearer(token) });
      assert.equal(res.statusCode, 200, res.body);
      return json(res);
    };

    it('sends one statement for a page, its total included, once the token is verified', async () => {
      await get('/offers'); // verifies the token (credential cache)
      const { result, statements } = await statementsOf(counter, () => get('/offers?order[createdAt]=asc&limit=2&page=2'));
      assert.deepEqual(
        result.data.map((o: { id: string }) => o.id),
        ids.slice(2, 4),
      );
      assert.equal(result.meta.pagination.totalItems, 5);
      assert.equal(statements.length, 1, statements.join('\n---\n'));
    });

    it('sends one statement for an empty page, which still carries the total', async () => {
      const { result, statements } = await statementsOf(counter, () => get('/offers?limit=2&page=9'));
      assert.deepEqual(result.data, []);
      assert.equal(result.meta.pagination.totalItems, 5);
      assert.equal(statements.length, 1, statements.join('\n---\n'));
    });

    it('sends one statement for a page deep enough to be cut from the far end', async () => {
      // From offset 1,000 (DEEP_OFFSET) on, the statement takes the far end's branches (their order:
      // list.deep-pages.test.ts); 5 offers have no such page, so it is empty but still counted.
      const { result, statements } = await statementsOf(counter, () => get('/offers?limit=1&page=1001'));
      assert.deepEqual(result.data, []);
      assert.equal(result.meta.pagination.totalItems, 5);
      assert.equal(statements.length, 1, statements.join('\n---\n'));
    });
  },
  { env: { OFFERS_LIST_CACHE_MB: '0' } },
);
