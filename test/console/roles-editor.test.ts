// Each role's limits on the offer editor, preview and templates routes (table-driven: role × route →
// status), and another organisation's offer and template answering 404.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { createOffer } from '../offers/support.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

type Role = 'owner' | 'admin' | 'seller' | 'approver' | 'viewer';
const ROLES: Role[] = ['owner', 'admin', 'seller', 'approver', 'viewer'];

interface Fixture {
  offerId: string;
  templateId: string;
  recipientId: string;
}

const offerFields = { name: 'Roles offer', currency: 'EUR', acceptanceMode: 'click', dealType: 'new_business', _op: 'save' };
const templateFields = { name: 'Roles template', currency: 'EUR', acceptanceMode: 'click', dealType: 'new_business', _op: 'save' };

/** Expected status per role, in the order of ROLES. */
const ROUTES: { method: 'GET' | 'POST'; url: (f: Fixture) => string; fields?: Record<string, string>; expect: number[]; fresh?: true }[] = [
  { method: 'GET', url: () => '/app/offers/new', expect: [200, 200, 200, 403, 403] },
  { method: 'GET', url: (f) => `/app/offers/new?template=${f.templateId}`, expect: [200, 200, 200, 403, 403] },
  { method: 'POST', url: () => '/app/offers/new', fields: offerFields, expect: [303, 303, 303, 403, 403] },
  { method: 'POST', url: () => '/app/offers/new', fields: { ...offerFields, _op: 'add-line' }, expect: [200, 200, 200, 403, 403] },
  { method: 'GET', url: (f) => `/app/offers/${f.offerId}/edit`, expect: [200, 200, 200, 403, 403] },
  { method: 'POST', url: (f) => `/app/offers/${f.offerId}/edit`, fields: offerFields, expect: [303, 303, 303, 403, 403] },
  {
    method: 'POST',
    url: (f) => `/app/offers/${f.offerId}/recipients`,
    fields: { 'recipients[0].email': 'placeholder', 'recipients[0].role': 'read' },
    expect: [303, 303, 303, 403, 403],
  },
  {
    method: 'POST',
    url: (f) => `/app/offers/${f.offerId}/recipients/${f.recipientId}/remove`,
    expect: [303, 303, 303, 403, 403],
    fresh: true,
  },
  { method: 'GET', url: (f) => `/app/offers/${f.offerId}/preview`, expect: [200, 200, 200, 200, 200] },
  { method: 'GET', url: () => '/app/templates', expect: [200, 200, 200, 200, 200] },
  { method: 'GET', url: () => '/app/templates/new', expect: [200, 200, 200, 403, 403] },
  { method: 'POST', url: () => '/app/templates/new', fields: templateFields, expect: [303, 303, 303, 403, 403] },
  { method: 'GET', url: (f) => `/app/templates/${f.templateId}`, expect: [200, 200, 200, 200, 200] },
  { method: 'POST', url: (f) => `/app/templates/${f.templateId}`, fields: templateFields, expect: [303, 303, 303, 403, 403] },
  { method: 'POST', url: (f) => `/app/templates/${f.templateId}/delete`, expect: [303, 303, 303, 403, 403], fresh: true },
];

describeEachEngine('console editor roles', (ctx) => {
  let org: string;
  let token: string;
  let otherOfferId: string;
  let otherTemplateId: string;
  let otherRecipientId: string;
  const newTemplate = async (apiToken: string) =>
    json(await ctx().app.inject({ method: 'POST', url: '/offer-templates', headers: bearer(apiToken), payload: { name: 'Fixture' } }))
      .id as string;
  const withRecipient = (email: string) => ({ name: 'Fixture', recipients: [{ email, role: 'read' }] });
  before(async () => {
    const created = await ctx().newOrganisation('Editor Roles AG');
    org = created.organisation.id;
    token = created.apiToken;
    const other = await ctx().newOrganisation('Other Roles AG');
    const foreign = await createOffer(ctx(), other.apiToken, withRecipient('foreign@example.com'));
    otherOfferId = foreign.id;
    otherRecipientId = foreign.recipients[0].id;
    otherTemplateId = await newTemplate(other.apiToken);
  });

  for (const [index, role] of ROLES.entries()) {
    it(`${role}: every editor and templates route answers as the table says`, async () => {
      const { app } = ctx();
      const email = uniqueEmail(role);
      await addUser(ctx(), org, { email, role });
      const { cookie } = await signIn(app, email);
      const csrf = await csrfOf(app, cookie, '/app/preferences');
      const results: string[] = [];
      const expected: string[] = [];
      const fixtureOf = async () => {
        const offer = await createOffer(ctx(), token, withRecipient(uniqueEmail('r')));
        return { offerId: offer.id, recipientId: offer.recipients[0].id, templateId: await newTemplate(token) };
      };
      const shared = await fixtureOf();
      for (const route of ROUTES) {
        // Removing and deleting get their own offer and template, so the other routes still find theirs.
        const fixture = route.fresh ? await fixtureOf() : shared;
        const url = route.url(fixture);
        const fields = Object.fromEntries(
          Object.entries(route.fields ?? {}).map(([k, v]) => [k, v === 'placeholder' ? uniqueEmail('added') : v]),
        );
        const response =
          route.method === 'GET'
            ? await app.inject({ method: 'GET', url, headers: { cookie } })
            : await post(app, url, { ...fields, _csrf: csrf }, cookie);
        results.push(
          `${route.method} ${route.url({ offerId: ':offer', templateId: ':template', recipientId: ':recipient' })} → ${response.statusCode}`,
        );
        expected.push(
          `${route.method} ${route.url({ offerId: ':offer', templateId: ':template', recipientId: ':recipient' })} → ${route.expect[index]}`,
        );
      }
      assert.deepEqual(results, expected);
    });
  }

  it("answers 404 for another organisation's offer, recipient and template on every route", async () => {
    const { app } = ctx();
    const email = uniqueEmail('owner-404');
    await addUser(ctx(), org, { email, role: 'owner' });
    const { cookie } = await signIn(app, email);
    const csrf = await csrfOf(app, cookie);
    const fixture = { offerId: otherOfferId, templateId: otherTemplateId, recipientId: otherRecipientId };
    const foreignRoutes = ROUTES.filter((r) => r.url(fixture).includes(otherOfferId) || r.url(fixture).includes(otherTemplateId));
    for (const route of foreignRoutes) {
      const url = route.url(fixture);
      const response =
        route.method === 'GET'
          ? await app.inject({ method: 'GET', url, headers: { cookie } })
          : await post(app, url, { ...route.fields, _csrf: csrf }, cookie);
      assert.equal(response.statusCode, 404, `${route.method} ${url}`);
    }
    const own = await createOffer(ctx(), token, withRecipient('own@example.com'));
    const cross = await post(app, `/app/offers/${own.id}/recipients/${otherRecipientId}/remove`, { _csrf: csrf }, cookie);
    assert.equal(cross.statusCode, 404, "another offer's recipient is not this offer's");
    const { rows } = await ctx().db.query<{ n: number }>('SELECT count(*)::int AS n FROM offer_recipients WHERE id = $1', [
      otherRecipientId,
    ]);
    assert.equal(rows[0]!.n, 1);
  });
});
