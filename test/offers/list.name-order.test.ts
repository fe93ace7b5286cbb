// order[name] follows one documented rule on both engines, whatever the server's locale
// (docs/offers.md): accents dropped and A–Z folded, by code point; then the name by code point; then id.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { NAME_SORT_KEY } from '../../src/offers/list-repository.js';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { createOffer } from './support.js';

/** The documented order, written out: what both engines must return for order[name]=asc. */
const ASCENDING = [
  '!Sale',
  '(draft)',
  '123',
  'ÅNGSTRÖM',
  'Ångström',
  'Apfel',
  'apfel',
  'Äpfel',
  'Apple',
  'apple',
  'arg',
  'Ärger',
  'Eclair',
  'eclair',
  'Éclair',
  'éclair',
  'Offer #4',
  'Offer 1',
  'Offer 10',
  'Offer 9',
  'Offer-2',
  'Offer_3',
  'Strasse',
  'straße',
  'Zebra',
  'zebra',
  // Letters that do not decompose keep their code point: after z, capitals first, Greek after Latin.
  'ÆON',
  'Øre',
  'æon',
  'Ωmega',
  'ωmega',
];

describeEachEngine('GET /offers?order[name]', (ctx) => {
  it('sorts by the documented rule: case and accents fold first, digits and punctuation by code point, then the exact name', async () => {
    const token = (await ctx().newOrganisation()).apiToken;
    // Created in a shuffled order, so neither the id nor the creation time can produce the answer.
    const shuffled = ASCENDING.map((name, i) => ({ name, k: (i * 17) % ASCENDING.length })).sort((a, b) => a.k - b.k);
    for (const { name } of shuffled) await createOffer(ctx(), token, { name });
    const twin = [await createOffer(ctx(), token, { name: 'Apfel' }), await createOffer(ctx(), token, { name: 'Apfel' })];
    const list = async (direction: string) => {
      const res = await ctx().app.inject({ method: 'GET', url: `/offers?order[name]=${direction}&limit=100`, headers: bearer(token) });
      assert.equal(res.statusCode, 200, res.body);
      return json(res).data as { id: string; name: string }[];
    };
    const asc = await list('asc');
    const expected = ASCENDING.flatMap((n) => (n === 'Apfel' ? ['Apfel', 'Apfel', 'Apfel'] : [n]));
    assert.deepEqual(
      asc.map((o) => o.name),
      expected,
    );
    const desc = await list('desc');
    assert.deepEqual(
      desc.map((o) => o.name),
      [...expected].reverse(),
    );
    // Equal names fall to the id, in the ordering's direction.
    const [x, y] = twin.map((o) => o.id as string).sort();
    const ascTwins = asc.filter((o) => o.name === 'Apfel').map((o) => o.id);
    assert.deepEqual(ascTwins.slice(-2), [x, y]);
    assert.deepEqual(
      desc
        .filter((o) => o.name === 'Apfel')
        .map((o) => o.id)
        .slice(0, 2),
      [y, x],
    );
  });

  it('an index serves that order (the list stays an index scan on large organisations)', async () => {
    const plan = await ctx().db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off');
      const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM offers WHERE organisation_id = $1
          ORDER BY ${NAME_SORT_KEY('')} DESC, name COLLATE "C" DESC, id DESC LIMIT 10`,
        ['00000000-0000-0000-0000-000000000000'],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    assert.match(plan, /Index (Only )?Scan Backward using offers_org_name_idx/);
    assert.doesNotMatch(plan, /Sort/);
  });
});
