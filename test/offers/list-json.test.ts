// GET /offers sends JSON the database built (offers/list-json.ts): every listed offer must mean exactly
// what GET /api/offers/{id} (serialize.ts, fast-json-stringify) sends, whatever the stored data holds,
// and every page of every ordering must be the slice of the one sorted list, ties included.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import seedOffers from '../../bench/scenarios/offers.js';
import { bearer, describeEachEngine, json, type TestApp } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { addUser, signIn, uniqueEmail } from '../console/support.js';
import { LIST_JSON_VERSION } from '../../src/offers/list-json.js';
import { refreshListJson, startListJsonRefresh } from '../../src/offers/list-json-refresh.js';
import { ORDER_FIELDS } from '../../src/offers/list-query.js';
import { findOffer, updateOffer } from '../../src/offers/repository.js';
import { createOffer, publish } from './support.js';

type Body = { data: { id: string; name: string | null }[]; meta: { pagination: Record<string, number> } };

async function list(t: TestApp, token: string, query: string): Promise<Body> {
  const res = await t.app.inject({ method: 'GET', url: `/offers?${query}`, headers: bearer(token) });
  assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
  return json(res);
}

/** Offers with every field the wire shape has set, some of them in ways only stored data can be. */
async function richOffers(t: TestApp, token: string, organisationId: string): Promise<string> {
  const customer = {
    customerNumber: 'K-1',
    timeZone: 'Europe/Berlin',
    firstName: 'Jörg',
    lastName: null,
    currencyCode: 'EUR',
    companyName: 'Müller "&" Söhne\\GmbH',
    datevId: null,
  };
  const full = await createOffer(t, token, {
    name: 'Ünïcode "quoted" \\ back\nslash\t😀',
    dealType: 'expansion',
    acceptanceMode: 'esignature',
    validUntil: '2031-05-06T07:08:09.987654+02:00',
    sections: ['Intro', 'Pricing "A"'],
    blocks: [{ type: 'text', text: 'Hallo\u2028Welt', nested: { a: [1, 2.5, null, true] } }],
    customVariables: { projekt: 'Relaunch', leer: '' },
    customer,
    contactPerson: { id: 'cp-1', firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', phone: '+49 1', website: null },
    crmDealId: 'deal-9',
    lineItems: [
      {
        name: 'Setup',
        description: 'Once',
        quantity: 1,
        unitAmountCents: 150000,
        currency: 'EUR',
        interval: null,
        priceType: 'flat_fee',
        taxRate: 7,
      },
      { name: 'Plan', quantity: 3, unitAmountCents: 999, currency: 'EUR', interval: '1M', priceType: 'per_unit', discountPercent: 12.5 },
      { name: 'Yearly', quantity: 2, unitAmountCents: 12000, currency: 'EUR', interval: '1Y', priceType: 'per_unit', taxRate: 0 },
    ],
    recipients: [
      { email: 'sign@example.com', firstName: 'Sig', lastName: 'Ner', role: 'sign' },
      { email: 'read@example.com', role: 'read' },
    ],
  });
  await publish(t, token, full.id);
  const nameless = await createOffer(t, token, { name: 'nameless', recipients: [{ email: 'x@example.com', role: 'sign' }] });
  await t.db.query('UPDATE offers SET name = NULL WHERE id = $1', [nameless.id]);
  const plain = await createOffer(t, token, { name: 'plain' });
  // The bytes GET /offers marks its links and totals with (list-json.ts), as stored text: escaped on the
  // wire like any control character, never taken for a mark.
  await t.db.query(`UPDATE offers SET name = 'marks ' || chr(1) || chr(2) WHERE id = $1`, [plain.id]);
  await t.db.query(`UPDATE offer_recipients SET first_name = 'Sig' || chr(1), last_name = chr(2) WHERE offer_id = $1 AND role = 'sign'`, [
    full.id,
  ]);
  // What only stored data can hold: fields the read schema does not declare (left out on the wire), a
  // subscription, captured invoice details, fractional seconds.
  await t.db.query(
    `UPDATE offers SET customer = customer || '{"secret": "not on the wire"}'::jsonb,
            contact_person = '{"id": "cp-2", "firstName": "No", "lastName": "Phone", "email": "n@example.com", "avatar": null,
                                "phone": null, "linkedin": "in/x", "position": null, "website": null, "internal": 1}'::jsonb,
            line_items = jsonb_set(line_items, '{0,internalCost}', '42'),
            subscription = '{"id": "sub-1", "status": "draft", "items": [{"x": 1}]}'::jsonb,
            captured_invoice_details = '{"vatId": "DE123", "city": "Köln"}'::jsonb,
            signed_at = '2026-01-02T03:04:05.999999Z', created_at = '2026-01-02T03:04:05.999999+05:00'
      WHERE id = $1 AND organisation_id = $2`,
    [full.id, organisationId],
  );
  return full.id;
}

describeEachEngine('GET /offers as JSON built by the database', (ctx) => {
  let token = '';
  let organisationId = '';
  let richId = '';
  before(async () => {
    const org = await ctx().newOrganisation();
    token = org.apiToken;
    organisationId = org.organisation.id;
    richId = await richOffers(ctx(), token, organisationId);
    // 40 offers of the bench's mix (statuses, deal types, modes, null and repeated values), then ties
    // made on purpose: equal creation times in fours, equal names in threes (case and accents apart).
    await seedOffers({ baseUrl: '', apiToken: token, organisationId, db: ctx().db }, 40);
    await ctx().db.query(
      `UPDATE offers SET created_at = timestamptz '2026-03-01T00:00:00Z' + (number / 4) * interval '1 hour',
              updated_at = timestamptz '2026-03-01T00:00:00Z',
              name = (ARRAY['Zeta', 'zéta', 'Álpha'])[1 + number % 3],
              cached_contract_value_cents = CASE WHEN cached_contract_value_cents IS NOT NULL THEN (number % 3) * 100 END
        WHERE organisation_id = $1 AND name LIKE 'Bench offer %'`,
      [organisationId],
    );
  });

  it('lists every offer as its single read shows it, for every filter and order of the seed', async () => {
    const t = ctx();
    const single = new Map<string, unknown>();
    const queries = [
      'page=1',
      'status[]=open&status[]=signing',
      'dealType=expansion&acceptanceMode=esignature',
      'signed=true',
      'signed=false&exists[subscription]=false',
      'exists[subscription]=true',
      'contactPerson=cp-1',
      ...ORDER_FIELDS.flatMap((f) => [`order[${f}]=asc`, `order[${f}]=desc`]),
      'order[status]=asc&order[name]=desc',
    ];
    let seen = 0;
    for (const query of queries) {
      const body = await list(t, token, `${query}&limit=100`);
      assertMatchesSeed('GET /offers 200', body);
      for (const listed of body.data) {
        if (!single.has(listed.id)) {
          const res = await t.app.inject({ method: 'GET', url: `/api/offers/${listed.id}`, headers: bearer(token) });
          single.set(listed.id, json(res));
        }
        assert.deepEqual(listed, single.get(listed.id), `${query}: ${listed.id}`);
        seen++;
      }
    }
    assert.ok(seen > 400);
    // The stored oddities arrive as the serializer made them.
    const rich = (await list(t, token, 'limit=100')).data.find((o) => o.id === richId) as Record<string, unknown>;
    assert.equal(rich.name, 'Ünïcode "quoted" \\ back\nslash\t😀');
    const marked = (await list(t, token, 'limit=100')).data.find((o) => o.name?.startsWith('marks'));
    assert.equal(marked?.name, 'marks \u0001\u0002');
    const signer = (rich.recipients as Record<string, unknown>[]).find((r) => r.email === 'sign@example.com');
    assert.deepEqual([signer?.firstName, signer?.lastName], ['Sig\u0001', '\u0002']);
    assert.match(String(signer?.link), /^http:\/\/offerpay\.test\/o\/./);
    assert.equal((rich.customer as Record<string, unknown>).secret, undefined);
    assert.deepEqual(rich.contactPerson, {
      id: 'cp-2',
      firstName: 'No',
      lastName: 'Phone',
      email: 'n@example.com',
      avatar: null,
      phone: null,
      linkedin: 'in/x',
      position: null,
      website: null,
    });
    assert.equal((rich.lineItems as Record<string, unknown>[])[0]!.internalCost, undefined);
    assert.equal(rich.signedAt, '2026-01-02T03:04:05+00:00');
    assert.equal(rich.createdAt, '2026-01-01T22:04:05+00:00');
    assert.equal(rich.validUntil, '2031-05-06T05:08:09+00:00');
    assert.equal((rich.recipients as unknown[]).length, 2);
    assert.ok(rich.totals);
    assert.ok(rich.issuedAt);
  });

  it('keeps each offer’s JSON on its row, and builds a row whose stored JSON is of another version until the refresh replaces it', async () => {
    const t = ctx();
    const stale = async () => {
      const { rows } = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM offers WHERE organisation_id = $1 AND list_json_version IS DISTINCT FROM $2',
        [organisationId, LIST_JSON_VERSION],
      );
      return rows[0]!.n;
    };
    // Every write stored it, the API's and the SQL updates above alike.
    assert.equal(await stale(), 0);
    const page = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/offers?limit=100&order[number]=asc', headers: bearer(token) });
      assert.equal(res.statusCode, 200);
      return res.body;
    };
    const fresh = await page();
    // Rows as a replica of another release (or a server before migration 40) leaves them, with parts that
    // would show if they were used; the list version is bumped by hand, as the triggers are off.
    await t.db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(
        `UPDATE offers SET list_json_head = 'WRONG', list_json_tail = 'WRONG',
                list_json_version = CASE WHEN number % 2 = 0 THEN 'another' END WHERE organisation_id = $1`,
        [organisationId],
      );
      await tx.query('UPDATE offer_list_versions SET version = version + 1 WHERE organisation_id = $1', [organisationId]);
    });
    const staleRows = await stale();
    assert.ok(staleRows > 40);
    assert.equal(await page(), fresh);
    assert.ok((await refreshListJson(t.db, { batchSize: 7 })) >= staleRows);
    assert.equal(await stale(), 0);
    assert.equal(await page(), fresh);
    assert.equal(await refreshListJson(t.db), 0);

    // The server's worker does the same after its delay; stopped before it, it does nothing.
    const makeStale = () =>
      t.db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query("UPDATE offers SET list_json_version = 'another' WHERE organisation_id = $1", [organisationId]);
      });
    await makeStale();
    const waiting = startListJsonRefresh({ db: t.db }, { delayMs: 0 });
    await waiting.stop();
    assert.ok((await stale()) > 40);
    const worker = startListJsonRefresh({ db: t.db }, { delayMs: 0 });
    try {
      for (let i = 0; i < 200 && (await stale()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      assert.equal(await stale(), 0);
    } finally {
      await worker.stop();
    }
    assert.equal(await page(), fresh);
  });

  it('leaves the stored JSON out of every other read of an offer', async () => {
    const t = ctx();
    const found = await findOffer(t.db, organisationId, richId);
    assert.ok(found);
    const updated = await updateOffer(t.db, organisationId, richId, { crm_deal_id: 'deal-10' });
    for (const row of [found, updated]) {
      assert.deepEqual(
        Object.keys(row).filter((c) => c.startsWith('list_json')),
        [],
      );
      assert.equal(row.id, richId);
    }
    assert.equal(updated.crm_deal_id, 'deal-10');
  });

  it('cuts every page of every ordering from the one sorted list, ties and NULLs included', async () => {
    const t = ctx();
    const orders = [
      ...ORDER_FIELDS.flatMap((f) => [`order[${f}]=asc`, `order[${f}]=desc`]),
      'order[createdAt]=asc&order[name]=desc',
      'order[name]=desc&order[cachedContractValueCents]=asc',
      'order[status]=desc&order[signedAt]=asc&order[dealType]=desc',
    ];
    // Every ordering in pages of 7; the multi-key ones also in pages of 3 and with a filter that is not in the index.
    const walks = [
      ...orders.map((order) => ({ order, filter: '', limit: 7 })),
      ...orders.slice(-3).flatMap((order) => [
        { order, filter: '', limit: 3 },
        { order, filter: '&status[]=open&status[]=signing', limit: 4 },
      ]),
    ];
    for (const { order, filter, limit } of walks) {
      const all = (await list(t, token, `${order}${filter}&limit=100`)).data.map((o) => o.id);
      assert.ok(all.length >= 20, order);
      const paged: string[] = [];
      for (let page = 1; ; page++) {
        const body = await list(t, token, `${order}${filter}&limit=${limit}&page=${page}`);
        assert.equal(body.meta.pagination.totalItems, all.length);
        if (body.data.length === 0) break;
        paged.push(...body.data.map((o) => o.id));
      }
      assert.deepEqual(paged, all, `${order}${filter} limit=${limit}`);
    }
  });

  it('renders the console list from the same pages', async () => {
    const t = ctx();
    const email = uniqueEmail('lister');
    await addUser(t, organisationId, { email, role: 'seller' });
    const { cookie } = await signIn(t.app, email);
    const api = await list(t, token, 'order[name]=asc&limit=5&page=2');
    const res = await t.app.inject({ method: 'GET', url: '/app/offers?sort=name&dir=asc&limit=5&page=2', headers: { cookie } });
    assert.equal(res.statusCode, 200);
    for (const offer of api.data) assert.match(res.body, new RegExp(`href="/app/offers/${offer.id}"`));
    assert.match(res.body, /rel="prev"/);
    const escaped = await t.app.inject({
      method: 'GET',
      url: '/app/offers?dealType=expansion&acceptanceMode=esignature',
      headers: { cookie },
    });
    assert.match(escaped.body, /Ünïcode &quot;quoted&quot;/);
  });
});
