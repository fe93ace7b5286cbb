// GET /offers as clients generated from the seed send it (issue 13): the indexed array form that PHP's
// http_build_query and the qs library produce is the array it means; a form that cannot be read is a
// 400 naming it; and the seed's free-string filters stay free (an unknown value is an empty list).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { createOffer, publish } from './support.js';

describeEachEngine('GET /offers as generated clients send it', (ctx) => {
  let token: string;
  const names = async (query: string) => {
    const res = await ctx().app.inject({ method: 'GET', url: `/offers?${query}`, headers: bearer(token) });
    assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
    const body = json(res);
    return { names: body.data.map((o: { name: string }) => o.name).sort(), total: body.meta.pagination.totalItems as number, body };
  };

  before(async () => {
    token = (await ctx().newOrganisation()).apiToken;
    await createOffer(ctx(), token, { name: 'open-click', dealType: 'one_off' });
    const signing = await createOffer(ctx(), token, {
      name: 'signing',
      acceptanceMode: 'esignature',
      recipients: [{ email: 'anna@example.com', role: 'sign' }],
    });
    assert.equal((await publish(ctx(), token, signing.id)).statusCode, 200);
    const archived = await createOffer(ctx(), token, { name: 'archived' });
    const res = await ctx().app.inject({ method: 'POST', url: `/offers/${archived.id}/archive`, headers: bearer(token) });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('reads status[0]=…&status[1]=… as the array it means, like status[]=… and repeated status=…', async () => {
    const expected = ['open-click', 'signing'];
    for (const query of [
      'status[0]=open&status[1]=signing',
      'status[1]=signing&status[0]=open',
      'status[]=open&status[]=signing',
      'status=open&status=signing',
    ]) {
      const { names: got, total, body } = await names(query);
      assert.deepEqual(got, expected, query);
      assert.equal(total, 2, query);
      assertMatchesSeed('GET /offers 200', body);
    }
    assert.deepEqual((await names('dealType[0]=one_off')).names, ['open-click']);
    assert.deepEqual((await names('acceptanceMode[0]=esignature')).names, ['signing']);
    assert.deepEqual((await names('contactPerson[0]=nobody')).names, []);
  });

  it('answers a form it cannot read with a 400 naming it, never a silently ignored filter', async () => {
    for (const [query, path] of [
      ['status[x]=open', 'status[x]'],
      ['status[][]=open', 'status[][]'],
      ['contactPerson[a]=1', 'contactPerson[a]'],
    ] as const) {
      const res = await ctx().app.inject({ method: 'GET', url: `/offers?${query}`, headers: bearer(token) });
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.deepEqual(
        json(res).violations.map((v: { propertyPath: string }) => v.propertyPath),
        [path],
      );
    }
  });

  it('keeps the free-string filters free: a value that names no status is an empty list with total 0', async () => {
    const unknown = await names('status=expired');
    assert.deepEqual(unknown.names, []);
    assert.equal(unknown.total, 0);
    assertMatchesSeed('GET /offers 200', unknown.body);
    assert.deepEqual((await names('status[]=open&status[]=expired')).names, ['open-click']);
    assert.deepEqual((await names('dealType=big')).names, []);
  });

  it("refuses to write what would not read back seed-valid: customer fields under the seed's minLength are a 422, nothing written", async () => {
    const before = (await names('')).total;
    const res = await ctx().app.inject({
      method: 'POST',
      url: '/offers',
      headers: bearer(token),
      payload: { name: 'short customer', customer: { companyName: 'X', firstName: 'A', lastName: '', datevId: '1' } },
    });
    assert.equal(res.statusCode, 422, res.body);
    assert.deepEqual(
      json(res)
        .violations.map((v: { propertyPath: string }) => v.propertyPath)
        .sort(),
      ['customer.companyName', 'customer.datevId', 'customer.firstName', 'customer.lastName'],
    );
    assert.equal((await names('')).total, before);
    const ok = await ctx().app.inject({
      method: 'POST',
      url: '/offers',
      headers: bearer(token),
      payload: { name: 'two-letter customer', customer: { companyName: 'XY', firstName: 'Al', lastName: null, datevId: '12' } },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    assertMatchesSeed('GET /offers 200', (await names('')).body);
  });
});

const clock = new ManualClock(new Date('2026-06-01T10:00:00.000Z'));

describeEachEngine(
  'GET /offers orders by what it returns',
  (ctx) => {
    it('times are whole seconds as returned; equal times fall to the id, as a client checking the order expects', async () => {
      const token = (await ctx().newOrganisation()).apiToken;
      const a = await createOffer(ctx(), token, { name: 'a' });
      const b = await createOffer(ctx(), token, { name: 'b' });
      assert.ok(a.id < b.id);
      // Updated in the same second, b before a by milliseconds.
      const update = (id: string, name: string) =>
        ctx().app.inject({ method: 'PUT', url: `/offers/${id}`, headers: bearer(token), payload: { name } });
      clock.set(new Date('2026-06-01T10:00:05.100Z'));
      assert.equal((await update(b.id, 'b2')).statusCode, 200);
      clock.set(new Date('2026-06-01T10:00:05.900Z'));
      assert.equal((await update(a.id, 'a2')).statusCode, 200);
      for (const direction of ['asc', 'desc'] as const) {
        const res = await ctx().app.inject({ method: 'GET', url: `/offers?order[updatedAt]=${direction}`, headers: bearer(token) });
        const listed = json(res).data as { id: string; updatedAt: string }[];
        assert.equal(listed[0]!.updatedAt, listed[1]!.updatedAt, 'both show 10:00:05');
        const byId = [a.id, b.id];
        assert.deepEqual(
          listed.map((o) => o.id),
          direction === 'asc' ? byId : byId.reverse(),
          direction,
        );
      }
    });
  },
  { clock },
);
