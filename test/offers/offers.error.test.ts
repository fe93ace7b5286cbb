import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { createOffer, getOffer, publish, signingOffer } from './support.js';

interface Problem {
  status: number;
  violations?: { propertyPath: string; message: string }[];
}

const paths = (p: Problem) => (p.violations ?? []).map((v) => v.propertyPath).sort();

describeEachEngine('offers (errors)', (ctx) => {
  let token = '';
  before(async () => {
    token = (await ctx().newOrganisation()).apiToken;
  });
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

  it('answers a bad list parameter with 400 and one violation per value, never clamping', async () => {
    const cases: [string, string[]][] = [
      ['page=0', ['page']],
      ['page=abc', ['page']],
      ['page=1.5', ['page']],
      ['limit=101', ['limit']],
      ['limit=-1', ['limit']],
      ['status[x]=open', ['status[x]']],
      ['status[][]=open', ['status[][]']],
      ['dealType[0][1]=one_off', ['dealType[0][1]']],
      ['order[createdAt]=up', ['order[createdAt]']],
      ['order[secret]=asc', ['order[secret]']],
      ['exists[subscription]=maybe', ['exists[subscription]']],
      ['signed=perhaps', ['signed']],
      ['page=0&limit=500&status[a]=x', ['limit', 'page', 'status[a]']],
    ];
    for (const [query, expected] of cases) {
      const res = await call('GET', `/offers?${query}`);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(paths(json(res)), expected, query);
    }
  });

  it('treats empty parameter values as absent (allowEmptyValue)', async () => {
    const res = await call('GET', '/offers?status=&dealType[]=&order[name]=&signed=');
    assert.equal(res.statusCode, 200, res.body);
  });

  it('refuses invalid create and update bodies with 422 and violations', async () => {
    const cases: [unknown, string[]][] = [
      [{ name: 'x'.repeat(256) }, ['name']],
      [{ name: 'ok', colour: 'red' }, ['colour']],
      [{ name: 'ok', recipients: [{ firstName: 'No mail' }] }, ['recipients[0].email']],
      [{ name: 'ok', recipients: [{ email: 'a@b.example', role: 'boss' }] }, ['recipients[0].role']],
      [{ name: 'ok', acceptanceMode: 'fax' }, ['acceptanceMode']],
      [{ name: 'ok', validUntil: 'tomorrow' }, ['validUntil']],
      [
        {
          name: 'ok',
          lineItems: [{ name: 'a', quantity: 1, unitAmountCents: 1.5, currency: 'EUR', interval: null, priceType: 'per_unit' }],
        },
        ['lineItems[0].unitAmountCents'],
      ],
      [
        {
          name: 'ok',
          lineItems: [
            { name: 'a', quantity: 1, unitAmountCents: 1, currency: 'EUR', interval: null, priceType: 'per_unit' },
            { name: 'b', quantity: 1, unitAmountCents: 1, currency: 'USD', interval: null, priceType: 'per_unit' },
          ],
        },
        ['lineItems'],
      ],
      [{ name: 'a', title: 'b' }, ['title']],
      [{ name: 'ok', customVariables: { 'bad key!': 'x', good: 1 } }, ['customVariables.bad key!', 'customVariables.good']],
    ];
    for (const [body, expected] of cases) {
      const res = await call('POST', '/offers', body);
      assert.equal(res.statusCode, 422, `${JSON.stringify(body)}: ${res.body}`);
      assert.deepEqual(paths(json(res)), expected, JSON.stringify(body));
    }
    const offer = await createOffer(ctx(), token);
    const put = await call('PUT', `/offers/${offer.id}`, { locale: 'german' });
    assert.equal(put.statusCode, 422);
    assert.deepEqual(paths(json(put)), ['locale']);
  });

  it('validates recipients: email required and unique per offer, names at most 100 characters', async () => {
    const offer = await createOffer(ctx(), token);
    const missing = await call('POST', `/offers/${offer.id}/recipients`, { firstName: 'x' });
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(paths(json(missing)), ['email']);
    const long = await call('POST', `/offers/${offer.id}/recipients`, {
      email: 'a@b.example',
      firstName: 'x'.repeat(101),
      lastName: 'y'.repeat(101),
    });
    assert.equal(long.statusCode, 422);
    assert.deepEqual(paths(json(long)), ['firstName', 'lastName']);
    assert.equal((await call('POST', `/offers/${offer.id}/recipients`, { email: 'dup@b.example' })).statusCode, 201);
    const duplicate = await call('POST', `/offers/${offer.id}/recipients`, { email: 'DUP@b.example' });
    assert.equal(duplicate.statusCode, 422);
    assert.deepEqual(paths(json(duplicate)), ['email']);
    const atCreate = await call('POST', '/offers', { name: 'x', recipients: [{ email: 'a@b.example' }, { email: 'a@b.example' }] });
    assert.equal(atCreate.statusCode, 422);
    assert.deepEqual(paths(json(atCreate)), ['recipients[1].email']);
    const unknown = await call('DELETE', `/offers/${offer.id}/recipients/6f1c7c8e-0000-4000-8000-000000000000`);
    assert.equal(unknown.statusCode, 404);
  });

  it('answers 404 for unknown and malformed offer ids on every endpoint', async () => {
    for (const id of ['01J00000000000000000000000', 'not-an-id']) {
      for (const [method, url, body] of [
        ['GET', `/api/offers/${id}`],
        ['GET', `/offers/${id}`],
        ['PUT', `/offers/${id}`, { name: 'x' }],
        ['POST', `/offers/${id}/recipients`, { email: 'a@b.example' }],
        ['POST', `/api/offers/${id}/publish`, {}],
        ['POST', `/offers/${id}/cancel-signing`],
        ['POST', `/api/offers/${id}/accept`, { acceptedAt: '2026-01-01T00:00:00Z' }],
        ['POST', `/offers/${id}/archive`],
        ['GET', `/api/offers/${id}/activities`],
      ] as const) {
        const res = await call(method, url, body);
        assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
      }
    }
  });

  it("answers 409 for actions the offer's status does not allow", async () => {
    const open = await createOffer(ctx(), token);
    const cancel = await call('POST', `/offers/${open.id}/cancel-signing`);
    assert.equal(cancel.statusCode, 409);
    assert.match(json(cancel).detail, /not in a signing state/);

    const signing = await signingOffer(ctx(), token);
    assert.equal((await call('PUT', `/offers/${signing.id}`, { name: 'x' })).statusCode, 409);
    assert.equal((await call('POST', `/offers/${signing.id}/recipients`, { email: 'a@b.example' })).statusCode, 409);
    assert.equal((await publish(ctx(), token, signing.id)).statusCode, 409);

    const archived = await createOffer(ctx(), token);
    assert.equal((await call('POST', `/offers/${archived.id}/archive`)).statusCode, 200);
    for (const [method, url, body] of [
      ['POST', `/offers/${archived.id}/archive`],
      ['PUT', `/offers/${archived.id}`, { name: 'x' }],
      ['POST', `/api/offers/${archived.id}/publish`, {}],
      ['POST', `/api/offers/${archived.id}/accept`, { acceptedAt: '2026-01-01T00:00:00Z' }],
      ['POST', `/offers/${archived.id}/cancel-signing`],
    ] as const) {
      assert.equal((await call(method, url, body)).statusCode, 409, `${method} ${url}`);
    }
    const signed = await createOffer(ctx(), token);
    await call('POST', `/api/offers/${signed.id}/accept`, { acceptedAt: '2026-01-01T00:00:00Z' });
    assert.equal((await call('POST', `/offers/${signed.id}/archive`)).statusCode, 409);
  });

  it('freezes validUntil and dealType while a published version is live', async () => {
    const offer = await createOffer(ctx(), token, { name: 'Live', recipients: [{ email: 'a@b.example' }] });
    assert.equal((await publish(ctx(), token, offer.id)).statusCode, 200);
    const res = await call('PUT', `/offers/${offer.id}`, { dealType: 'renewal', validUntil: '2030-01-01T00:00:00Z' });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(paths(json(res)), ['dealType', 'validUntil']);
    // Other fields stay editable and change the current, not the published, version.
    const edit = await call('PUT', `/offers/${offer.id}`, { name: 'Live v2' });
    assert.equal(edit.statusCode, 200);
    assert.notEqual(json(edit).currentVersionHash, json(edit).publishedVersionHash);
  });

  it('refuses to publish without recipients, with unknown recipientIds, an esignature offer without signer, or expired', async () => {
    const bare = await createOffer(ctx(), token);
    const none = await publish(ctx(), token, bare.id);
    assert.equal(none.statusCode, 422);
    assert.deepEqual(paths(json(none)), ['recipientIds']);
    const unknown = await publish(ctx(), token, bare.id, { recipientIds: ['6f1c7c8e-0000-4000-8000-000000000000'] });
    assert.equal(unknown.statusCode, 422);
    assert.deepEqual(paths(json(unknown)), ['recipientIds[0]']);
    const readersOnly = await createOffer(ctx(), token, {
      name: 'e',
      acceptanceMode: 'esignature',
      recipients: [{ email: 'r@b.example', role: 'read' }],
    });
    assert.equal((await publish(ctx(), token, readersOnly.id)).statusCode, 422);
    const expired = await createOffer(ctx(), token, {
      name: 'old',
      validUntil: '2020-01-01T00:00:00Z',
      recipients: [{ email: 'a@b.example' }],
    });
    const res = await publish(ctx(), token, expired.id);
    assert.equal(res.statusCode, 422);
    assert.deepEqual(paths(json(res)), ['validUntil']);
    assert.equal((await getOffer(ctx(), token, expired.id)).publishedVersionHash, null);
    // newRecipients are enough to publish.
    const fresh = await publish(ctx(), token, bare.id, { newRecipients: [{ email: 'new@b.example', firstName: 'N', lastName: 'R' }] });
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.equal((await getOffer(ctx(), token, bare.id)).recipients.length, 1);
  });

  it('validates manual acceptance: acceptedAt required, ISO-8601, not in the future; file a PDF of at most 20 MB', async () => {
    const offer = await createOffer(ctx(), token);
    const url = `/api/offers/${offer.id}/accept`;
    for (const [body, path] of [
      [{}, 'acceptedAt'],
      [{ acceptedAt: 'yesterday' }, 'acceptedAt'],
      [{ acceptedAt: '2026-01-01' }, 'acceptedAt'],
      [{ acceptedAt: '2999-01-01T00:00:00Z' }, 'acceptedAt'],
    ] as const) {
      const res = await call('POST', url, body);
      assert.equal(res.statusCode, 422, `${JSON.stringify(body)}: ${res.body}`);
      assert.deepEqual(paths(json(res)), [path]);
    }
    const form = (file: Buffer) => {
      const boundary = 'b0undary';
      return {
        headers: { ...bearer(token), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="acceptedAt"\r\n\r\n2026-01-01T00:00:00Z\r\n`),
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
          ),
          file,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      };
    };
    const notPdf = await ctx().app.inject({ method: 'POST', url, ...form(Buffer.from('hello')) });
    assert.equal(notPdf.statusCode, 422, notPdf.body);
    assert.deepEqual(paths(json(notPdf)), ['file']);
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
    big.write('%PDF-');
    const tooBig = await ctx().app.inject({ method: 'POST', url, ...form(big) });
    assert.equal(tooBig.statusCode, 413, tooBig.body);
    assert.equal((await getOffer(ctx(), token, offer.id)).status, 'open');
  });
});
