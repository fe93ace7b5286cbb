import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json, type TestApp } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { createOffer, publish } from './support.js';

interface Listed {
  id: string;
  name: string;
  status: string;
  dealType: string;
  acceptanceMode: string;
  cachedContractValueCents: string | null;
  createdAt: string;
}

const item = (cents: number) => [
  { name: 'Plan', quantity: 1, unitAmountCents: cents, currency: 'EUR', interval: '1M', priceType: 'per_unit' },
];

/** Nine offers in every status, deal type and mode the filters distinguish. */
async function seed(t: TestApp, token: string) {
  const signer = [{ email: 's@example.com', role: 'sign' }];
  const make = (body: Record<string, unknown>) => createOffer(t, token, body);
  await make({ name: 'c-open-draft', contactPerson: { id: 'cp-a', firstName: 'A', lastName: 'A', email: 'a@s.example' } });
  const c2 = await make({
    name: 'b-open-published',
    dealType: 'renewal',
    recipients: signer,
    lineItems: item(300),
    contactPerson: { id: 'cp-b', firstName: 'B', lastName: 'B', email: 'b@s.example' },
  });
  await publish(t, token, c2.id);
  const e1 = await make({ name: 'a-signing', acceptanceMode: 'esignature', recipients: signer, lineItems: item(100) });
  await publish(t, token, e1.id);
  const e2 = await make({
    name: 'd-signing-expansion',
    acceptanceMode: 'esignature',
    dealType: 'expansion',
    recipients: signer,
    lineItems: item(200),
  });
  await publish(t, token, e2.id);
  const s1 = await make({
    name: 'e-signed',
    recipients: signer,
    lineItems: item(500),
    contactPerson: { id: 'cp-a', firstName: 'A', lastName: 'A', email: 'a@s.example' },
  });
  await publish(t, token, s1.id);
  await t.app.inject({
    method: 'POST',
    url: `/api/offers/${s1.id}/accept`,
    headers: bearer(token),
    payload: { acceptedAt: '2026-01-01T00:00:00Z' },
  });
  const a1 = await make({ name: 'f-archived', acceptanceMode: 'print' });
  await t.app.inject({ method: 'POST', url: `/offers/${a1.id}/archive`, headers: bearer(token) });
  for (const name of ['g-open', 'h-open', 'i-open']) await make({ name, dealType: 'one_off' });
}

describeEachEngine('GET /offers', (ctx) => {
  let token = '';
  const list = async (query: string) => {
    const res = await ctx().app.inject({ method: 'GET', url: `/offers${query}`, headers: bearer(token) });
    assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
    const body = json(res);
    assertMatchesSeed('GET /offers 200', body);
    return body as { data: Listed[]; meta: { pagination: Record<string, number> } };
  };
  const names = (body: { data: Listed[] }) => body.data.map((o) => o.name);

  before(async () => {
    token = (await ctx().newOrganisation()).apiToken;
    await seed(ctx(), token);
    // Another organisation's offers never show.
    await createOffer(ctx(), (await ctx().newOrganisation()).apiToken, { name: 'z-other-org' });
  });

  it("paginates with the seed's meta; newest first by default", async () => {
    const all = await list('');
    assert.equal(all.data.length, 9);
    assert.deepEqual(all.meta.pagination, { totalItems: 9, itemsPerPage: 30, currentPage: 1, lastPage: 1, pageTotalItems: 9 });
    assert.equal(names(all).includes('z-other-org'), false);
    assert.deepEqual(names(all)[0], 'i-open');

    const page2 = await list('?page=2&limit=4');
    assert.deepEqual(page2.meta.pagination, { totalItems: 9, itemsPerPage: 4, currentPage: 2, lastPage: 3, pageTotalItems: 4 });
    assert.deepEqual(names(page2), names(all).slice(4, 8));

    const past = await list('?page=7&limit=4');
    assert.deepEqual(past.data, []);
    assert.deepEqual(past.meta.pagination, { totalItems: 9, itemsPerPage: 4, currentPage: 7, lastPage: 3, pageTotalItems: 0 });

    const none = await list('?limit=0');
    assert.deepEqual(none.meta.pagination, { totalItems: 9, itemsPerPage: 0, currentPage: 1, lastPage: 1, pageTotalItems: 0 });
  });

  it('lists each offer exactly as GET /api/offers/{id} shows it, recipients and links included', async () => {
    for (const listed of (await list('?limit=100')).data) {
      const single = await ctx().app.inject({ method: 'GET', url: `/api/offers/${listed.id}`, headers: bearer(token) });
      assert.deepEqual(listed, json(single));
    }
  });

  it('filters by status in every form: status, status[], repeated', async () => {
    assert.deepEqual(names(await list('?status=signing&order[name]=asc')), ['a-signing', 'd-signing-expansion']);
    const both = await list('?status[]=open&status[]=signing&order[name]=asc');
    assert.deepEqual(names(both), ['a-signing', 'b-open-published', 'c-open-draft', 'd-signing-expansion', 'g-open', 'h-open', 'i-open']);
    assert.equal(both.meta.pagination.totalItems, 7);
    assert.deepEqual(names(await list('?status=open&status=signing&order[name]=asc')), names(both));
    assert.deepEqual(names(await list('?status=signed&status[]=archived&order[name]=asc')), ['e-signed', 'f-archived']);
    // Percent-encoded brackets, as most HTTP clients send them.
    assert.deepEqual(names(await list('?status%5B%5D=signing&order%5Bname%5D=desc')), ['d-signing-expansion', 'a-signing']);
  });

  it('filters by dealType, acceptanceMode, contactPerson, signed and exists[subscription], with exact totals', async () => {
    const cases: [string, string[]][] = [
      ['?dealType=one_off', ['g-open', 'h-open', 'i-open']],
      ['?dealType[]=expansion&dealType[]=renewal', ['b-open-published', 'd-signing-expansion']],
      ['?acceptanceMode=esignature', ['a-signing', 'd-signing-expansion']],
      ['?acceptanceMode[]=print', ['f-archived']],
      ['?contactPerson=cp-a', ['c-open-draft', 'e-signed']],
      ['?contactPerson[]=cp-a&contactPerson[]=cp-b&status=open', ['b-open-published', 'c-open-draft']],
      ['?signed=true', ['e-signed']],
      ['?signed=false&status=archived', ['f-archived']],
      ['?exists[subscription]=true', ['e-signed']],
      ['?exists[subscription]=false&signed=true', []],
      ['?exists[subscription]=false&acceptanceMode=print', ['f-archived']],
      ['?status[]=open&status[]=signing&dealType=new_business', ['a-signing', 'c-open-draft']],
    ];
    for (const [query, expected] of cases) {
      const body = await list(`${query}&order[name]=asc`);
      assert.deepEqual(names(body), expected, query);
      assert.equal(body.meta.pagination.totalItems, expected.length, query);
    }
  });

  it('orders by every field, several combined in the order given, ties by id', async () => {
    const value = await list('?order[cachedContractValueCents]=desc&status[]=open&status[]=signing');
    // NULL (unpublished) sorts first in descending order, as PostgreSQL does.
    assert.deepEqual(
      value.data.map((o) => o.cachedContractValueCents),
      [null, null, null, null, '3600', '2400', '1200'],
    );
    const byStatusThenName = await list('?order[status]=asc&order[name]=desc');
    assert.deepEqual(names(byStatusThenName), [
      'f-archived',
      'i-open',
      'h-open',
      'g-open',
      'c-open-draft',
      'b-open-published',
      'e-signed',
      'd-signing-expansion',
      'a-signing',
    ]);
    const byNameThenStatus = await list('?order[name]=asc&order[status]=desc');
    assert.equal(names(byNameThenStatus)[0], 'a-signing');
    for (const field of [
      'number',
      'name',
      'status',
      'dealType',
      'acceptanceMode',
      'signedAt',
      'validUntil',
      'cachedContractValueCents',
      'createdAt',
      'updatedAt',
    ]) {
      for (const direction of ['asc', 'desc']) {
        // Walking pages of 2 visits every offer exactly once: ties are broken by id.
        const seen: string[] = [];
        for (let page = 1; page <= 5; page++)
          seen.push(...(await list(`?order[${field}]=${direction}&limit=2&page=${page}`)).data.map((o) => o.id));
        assert.equal(new Set(seen).size, 9, `order[${field}]=${direction}`);
      }
    }
    const numbers = (await list('?order[number]=asc')).data.map((o) => (o as unknown as { number: string }).number);
    assert.deepEqual(
      numbers,
      numbers.slice().sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))),
    );
  });
});
