import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadProfile } from '../../src/organisations/profile.js';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { scopedToken } from '../offers/support.js';

const admin = bearer(ADMIN_TOKEN);

const FULL = {
  legalName: 'Muster Software GmbH',
  address: { line1: 'Musterstraße 1', line2: '3. OG', postalCode: '80331', city: 'München', country: 'DE' },
  vatId: 'DE123456789',
  registerEntry: 'Amtsgericht München, HRB 123456',
  email: 'vertrieb@muster.de',
  phone: '+49 89 1234567',
  website: 'https://muster.de',
  bank: { accountHolder: 'Muster Software GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
  defaultTaxRate: 19,
};

const EMPTY = {
  legalName: null,
  address: null,
  vatId: null,
  registerEntry: null,
  logoMediaId: null,
  logoUrl: null,
  email: null,
  phone: null,
  website: null,
  bank: null,
  defaultTaxRate: null,
};

describeEachEngine('organisation profile', (ctx) => {
  const adminPatch = (id: string, payload: unknown) =>
    ctx().app.inject({ method: 'PATCH', url: `/admin/organisations/${id}/profile`, headers: admin, payload: payload as object });

  it('starts empty and is set and read back through the admin API', async () => {
    const org = await ctx().newOrganisation('Muster');
    const id = org.organisation.id;
    const empty = await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${id}/profile`, headers: admin });
    assert.equal(empty.statusCode, 200);
    assert.deepEqual(json(empty), EMPTY);

    const res = await adminPatch(id, FULL);
    assert.equal(res.statusCode, 200, res.body);
    const expected = { ...EMPTY, ...FULL, bank: { ...FULL.bank, iban: 'DE89370400440532013000' } };
    assert.deepEqual(json(res), expected);
    const read = await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${id}/profile`, headers: admin });
    assert.deepEqual(json(read), expected);
    // What pages and PDFs read (the other surfaces' entry point).
    const seller = await loadProfile(ctx().db, id);
    assert.equal(seller?.displayName, 'Muster Software GmbH');
    assert.equal(seller?.address?.city, 'München');
  });

  it('merges a PATCH: absent fields stay, null clears, nested objects merge field by field', async () => {
    const org = await ctx().newOrganisation('Merge');
    const id = org.organisation.id;
    assert.equal((await adminPatch(id, FULL)).statusCode, 200);
    const res = await adminPatch(id, {
      vatId: null,
      address: { line2: null, city: 'Berlin', postalCode: '10115' },
      bank: null,
      phone: '  ',
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = json(res);
    assert.equal(body.vatId, null);
    assert.equal(body.bank, null);
    assert.equal(body.phone, null, 'a blank value clears the field');
    assert.equal(body.legalName, FULL.legalName);
    assert.deepEqual(body.address, { line1: 'Musterstraße 1', line2: null, postalCode: '10115', city: 'Berlin', country: 'DE' });
    // The page falls back to the organisation's name once the legal name is cleared.
    assert.equal((await adminPatch(id, { legalName: null })).statusCode, 200);
    assert.equal((await loadProfile(ctx().db, id))?.displayName, 'Merge');
  });

  it('refuses invalid values with one violation per field and changes nothing', async () => {
    const org = await ctx().newOrganisation();
    const id = org.organisation.id;
    assert.equal((await adminPatch(id, { legalName: 'Before GmbH' })).statusCode, 200);
    const res = await adminPatch(id, {
      legalName: 'After GmbH',
      email: 'not-an-email',
      website: 'javascript:alert(1)',
      vatId: 'DE12',
      address: { line1: 'Weg 1', postalCode: '1', city: 'X', country: 'Deutschland' },
      bank: { accountHolder: 'X', iban: 'DE88370400440532013000' },
      defaultTaxRate: 19.005,
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    const paths = json(res)
      .violations.map((v: { propertyPath: string }) => v.propertyPath)
      .sort();
    assert.deepEqual(paths, ['address.country', 'bank.iban', 'defaultTaxRate', 'email', 'vatId', 'website']);
    assert.equal(
      json(await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${id}/profile`, headers: admin })).legalName,
      'Before GmbH',
    );
  });

  it('checks types, lengths, unknown fields and ranges with the schema', async () => {
    const id = (await ctx().newOrganisation()).organisation.id;
    const cases: [unknown, string][] = [
      [{ legalName: 'x'.repeat(201) }, 'legalName'],
      [{ defaultTaxRate: 101 }, 'defaultTaxRate'],
      [{ defaultTaxRate: '19' }, 'defaultTaxRate'],
      [{ logoMediaId: '00000000-0000-4000-8000-000000000000' }, 'logoMediaId'],
      [{ address: { street: 'x' } }, 'address.street'],
      [{ bank: { iban: 42 } }, 'bank.iban'],
      [{ address: { line1: 'Weg 1' } }, 'address.city'],
    ];
    for (const [payload, path] of cases) {
      const res = await adminPatch(id, payload);
      assert.equal(res.statusCode, 422, JSON.stringify(payload));
      const paths = json(res).violations.map((v: { propertyPath: string }) => v.propertyPath);
      assert.ok(paths.includes(path), `${JSON.stringify(payload)} → ${paths}`);
    }
    assert.equal(
      json(await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${id}/profile`, headers: admin })).defaultTaxRate,
      null,
    );
  });

  it('answers 404 for an unknown organisation and 401 without the admin token', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    assert.equal(
      (await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${unknown}/profile`, headers: admin })).statusCode,
      404,
    );
    assert.equal((await adminPatch(unknown, { legalName: 'X' })).statusCode, 404);
    const id = (await ctx().newOrganisation()).organisation.id;
    const res = await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${id}/profile`, headers: bearer('api_wrong') });
    assert.equal(res.statusCode, 401);
  });

  it('is read and changed through the Offers API with the offer scopes, for the token’s own organisation only', async () => {
    const mine = await ctx().newOrganisation('Mine');
    const theirs = await ctx().newOrganisation('Theirs');
    assert.equal((await adminPatch(theirs.organisation.id, { legalName: 'Theirs GmbH' })).statusCode, 200);
    const token = bearer(mine.apiToken);

    const patch = await ctx().app.inject({
      method: 'PATCH',
      url: '/organisation',
      headers: token,
      payload: { legalName: 'Mine GmbH', defaultTaxRate: 7 },
    });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.equal(json(patch).legalName, 'Mine GmbH');
    const read = await ctx().app.inject({ method: 'GET', url: '/organisation', headers: token });
    assert.equal(read.statusCode, 200);
    assert.equal(json(read).defaultTaxRate, 7);
    // The other organisation is untouched.
    const other = await ctx().app.inject({ method: 'GET', url: '/organisation', headers: bearer(theirs.apiToken) });
    assert.equal(json(other).legalName, 'Theirs GmbH');
    assert.equal(json(other).defaultTaxRate, null);

    const readOnly = await scopedToken(ctx(), mine.organisation.id, ['offer:read']);
    assert.equal((await ctx().app.inject({ method: 'GET', url: '/organisation', headers: bearer(readOnly) })).statusCode, 200);
    const denied = await ctx().app.inject({
      method: 'PATCH',
      url: '/organisation',
      headers: bearer(readOnly),
      payload: { legalName: 'X' },
    });
    assert.equal(denied.statusCode, 403);
    const mediaOnly = await scopedToken(ctx(), mine.organisation.id, ['media:read']);
    assert.equal((await ctx().app.inject({ method: 'GET', url: '/organisation', headers: bearer(mediaOnly) })).statusCode, 403);
    assert.equal((await ctx().app.inject({ method: 'GET', url: '/organisation' })).statusCode, 401);
    assert.equal(json(await ctx().app.inject({ method: 'GET', url: '/organisation', headers: token })).legalName, 'Mine GmbH');
  });

  it('gives Offers-API violations for bad input on /organisation', async () => {
    const org = await ctx().newOrganisation();
    const res = await ctx().app.inject({
      method: 'PATCH',
      url: '/organisation',
      headers: bearer(org.apiToken),
      payload: { bank: { accountHolder: 'A', iban: 'DE00 0000' }, defaultTaxRate: -1 },
    });
    assert.equal(res.statusCode, 422);
    const body = json(res);
    assert.equal(body.status, 422);
    assert.ok(body.violations.every((v: { code: string }) => typeof v.code === 'string'));
    assert.deepEqual(body.violations.map((v: { propertyPath: string }) => v.propertyPath).sort(), ['bank.iban', 'defaultTaxRate']);
    assert.equal(json(await ctx().app.inject({ method: 'GET', url: '/organisation', headers: bearer(org.apiToken) })).bank, null);
    const notJson = await ctx().app.inject({
      method: 'PATCH',
      url: '/organisation',
      headers: { ...bearer(org.apiToken), 'content-type': 'application/json' },
      payload: '{',
    });
    assert.equal(notJson.statusCode, 400);
  });

  it('is documented in the OpenAPI description as an offerpay extension', async () => {
    const doc = json(await ctx().app.inject({ method: 'GET', url: '/openapi.json' }));
    for (const [path, method] of [
      ['/organisation', 'get'],
      ['/organisation', 'patch'],
      ['/organisation/logo', 'put'],
      ['/organisation/logo', 'delete'],
    ] as const)
      assert.match(doc.paths[path][method].description, /x-offerpay-extension/, `${method} ${path}`);
    assert.ok(doc.paths['/admin/organisations/{id}/profile'].patch);
    assert.ok(doc.paths['/media/logo/{organisationId}/{logoId}'].get);
  });
});
