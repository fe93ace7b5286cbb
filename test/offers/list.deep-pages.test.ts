// GET /offers cuts a deep page past the middle of the list from its far end (list-repository.ts):
// each such page must be exactly the reverse of the matching shallow page in the opposite direction,
// nulls and ties included, with the same exact total.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import setup from '../../bench/scenarios/offers.js';
import { DEEP_OFFSET } from '../../src/offers/list-repository.js';
import { bearer, describeEachEngine, json } from '../helpers/app.js';

const TOTAL = 1200;

describeEachEngine('GET /offers deep pages', (ctx) => {
  it('serves a deep page past the middle as the reverse of the shallow page from the other end', async () => {
    assert.ok(DEEP_OFFSET + 150 <= TOTAL, 'the pages below are deep');
    const { apiToken, organisation } = await ctx().newOrganisation();
    await setup({ baseUrl: 'http://offerpay.test', apiToken, organisationId: organisation.id, db: ctx().db }, TOTAL);
    const list = async (query: string) => {
      const res = await ctx().app.inject({ method: 'GET', url: `/offers?${query}`, headers: bearer(apiToken) });
      assert.equal(res.statusCode, 200, res.body);
      return json(res) as { data: { id: string }[]; meta: { pagination: { totalItems: number; pageTotalItems: number } } };
    };
    const ids = (body: { data: { id: string }[] }) => body.data.map((o) => o.id);
    // cachedContractValueCents is null for the unpublished offers: nulls and their ties by id reverse too.
    for (const field of ['createdAt', 'cachedContractValueCents', 'name']) {
      for (const [dir, opposite] of [
        ['desc', 'asc'],
        ['asc', 'desc'],
      ]) {
        // offset 1150: the last 50 rows; offset 1000 (limit 50): rows 1000–1049 = opposite's 150–199.
        const last = await list(`order[${field}]=${dir}&limit=50&page=24`);
        assert.deepEqual(ids(last), ids(await list(`order[${field}]=${opposite}&limit=50&page=1`)).reverse(), `${field} ${dir} last`);
        assert.equal(last.meta.pagination.totalItems, TOTAL);
        const deep = await list(`order[${field}]=${dir}&limit=50&page=21`);
        assert.deepEqual(ids(deep), ids(await list(`order[${field}]=${opposite}&limit=50&page=4`)).reverse(), `${field} ${dir} deep`);
        // A partial last page: offset 1190 of 1200 leaves 10 rows.
        const partial = await list(`order[${field}]=${dir}&limit=70&page=18`);
        assert.equal(partial.meta.pagination.pageTotalItems, 10);
        assert.deepEqual(ids(partial), ids(await list(`order[${field}]=${opposite}&limit=10&page=1`)).reverse(), `${field} ${dir} partial`);
      }
    }
    // Filtered: open+signing are 60% of the mix; past the end a page is empty with the exact total.
    const filtered = 'status[]=open&status[]=signing&order[createdAt]=desc';
    const open = (await list(`${filtered}&limit=1`)).meta.pagination.totalItems;
    assert.equal(open, TOTAL * 0.6);
    const tail = await list(`${filtered}&limit=100&page=8`); // offset 700 (not deep): the last 20
    assert.deepEqual(ids(tail), ids(await list('status[]=open&status[]=signing&order[createdAt]=asc&limit=20&page=1')).reverse());
    const beyond = await list(`${filtered}&limit=100&page=11`); // deep, offset 1000 > 720
    assert.deepEqual(beyond.data, []);
    assert.equal(beyond.meta.pagination.totalItems, open);
  });
});
