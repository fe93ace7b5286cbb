// Offer templates: CRUD, offers created from a template (the body overrides it), errors, tenancy.
import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { bearer, describeEachEngine, json, ManualClock, type TestApp } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { createOffer, scopedToken } from './support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);

const TEMPLATE = {
  name: 'Hosting package',
  title: 'Hosting for {{customer}}',
  sections: ['We host your site, {{customer}}.'],
  lineItems: [{ name: 'Hosting', quantity: 1, unitAmountCents: 4999, currency: 'EUR', interval: '1M', priceType: 'flat_fee' }],
  customVariables: { customer: 'you' },
  acceptanceMode: 'esignature',
  dealType: 'renewal',
  locale: 'en',
  validForDays: 14,
};

const call = (t: TestApp, token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

describeEachEngine(
  'offer templates',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    it('creates, reads, lists, updates and deletes a template', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const created = await call(ctx(), apiToken, 'POST', '/offer-templates', TEMPLATE);
      assert.equal(created.statusCode, 201, created.body);
      const template = json(created);
      assert.match(template.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(
        { ...template, id: undefined },
        {
          ...TEMPLATE,
          id: undefined,
          blocks: [],
          autoActivateSubscription: true,
          lineItems: [{ ...TEMPLATE.lineItems[0], description: null }].map(({ description: _d, ...rest }) => rest),
          createdAt: '2026-06-01T10:00:00+00:00',
          updatedAt: '2026-06-01T10:00:00+00:00',
        },
      );
      assert.deepEqual(json(await call(ctx(), apiToken, 'GET', `/offer-templates/${template.id}`)), template);

      clock.advance(1000); // newest first: Blank is listed before the first one
      const minimal = json(await call(ctx(), apiToken, 'POST', '/offer-templates', { name: 'Blank' }));
      assert.deepEqual(
        [minimal.title, minimal.acceptanceMode, minimal.dealType, minimal.locale, minimal.validForDays],
        [null, 'click', 'new_business', 'de', null],
      );

      const list = json(await call(ctx(), apiToken, 'GET', '/offer-templates?limit=1'));
      assert.deepEqual(
        list.data.map((t: { name: string }) => t.name),
        ['Blank'],
      );
      assert.deepEqual(list.meta.pagination, { totalItems: 2, itemsPerPage: 1, currentPage: 1, lastPage: 2, pageTotalItems: 1 });
      assert.deepEqual(json(await call(ctx(), apiToken, 'GET', '/offer-templates?page=5')).meta.pagination.totalItems, 2);

      const updated = await call(ctx(), apiToken, 'PUT', `/offer-templates/${template.id}`, { validForDays: null, dealType: 'expansion' });
      assert.equal(updated.statusCode, 200, updated.body);
      assert.deepEqual(
        [json(updated).validForDays, json(updated).dealType, json(updated).name, json(updated).updatedAt],
        [null, 'expansion', 'Hosting package', '2026-06-01T10:00:01+00:00'],
      );

      assert.equal((await call(ctx(), apiToken, 'DELETE', `/offer-templates/${template.id}`)).statusCode, 204);
      assert.equal((await call(ctx(), apiToken, 'GET', `/offer-templates/${template.id}`)).statusCode, 404);
      assert.equal((await call(ctx(), apiToken, 'DELETE', `/offer-templates/${template.id}`)).statusCode, 404);
    });

    it('an offer created from a template starts with its content; the body overrides it', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const template = json(await call(ctx(), apiToken, 'POST', '/offer-templates', TEMPLATE));

      const offer = await createOffer(ctx(), apiToken, { offerTemplateId: template.id });
      assertMatchesSeed('Offer-OfferRead', offer);
      assert.equal(offer.name, 'Hosting for {{customer}}');
      assert.deepEqual(offer.sections, TEMPLATE.sections);
      assert.deepEqual(offer.customVariables, TEMPLATE.customVariables);
      assert.deepEqual([offer.acceptanceMode, offer.dealType, offer.locale], ['esignature', 'renewal', 'en']);
      assert.equal(offer.validUntil, '2026-06-15T10:00:00+00:00', 'created + 14 days');
      assert.equal(offer.lineItems[0].unitAmountCents, 4999);

      const custom = await createOffer(ctx(), apiToken, {
        offerTemplateId: template.id,
        name: 'Hosting for ACME',
        dealType: 'new_business',
        validUntil: '2026-12-31T00:00:00+00:00',
        customVariables: { customer: 'ACME' },
      });
      assert.deepEqual(
        [custom.name, custom.dealType, custom.validUntil, custom.customVariables],
        ['Hosting for ACME', 'new_business', '2026-12-31T00:00:00+00:00', { customer: 'ACME' }],
      );
      assert.deepEqual(custom.sections, TEMPLATE.sections, 'what the body leaves out comes from the template');

      // The offer keeps its copy: changing or deleting the template does not touch it.
      await call(ctx(), apiToken, 'PUT', `/offer-templates/${template.id}`, { sections: ['changed'] });
      await call(ctx(), apiToken, 'DELETE', `/offer-templates/${template.id}`);
      assert.deepEqual(json(await call(ctx(), apiToken, 'GET', `/api/offers/${offer.id}`)).sections, TEMPLATE.sections);
      const activities = json(await call(ctx(), apiToken, 'GET', `/api/offers/${offer.id}/activities`)).data;
      assert.equal(activities[0].data.offerTemplateId, template.id);
    });

    it('bad input gets a clear error and changes nothing', async () => {
      const { apiToken } = await ctx().newOrganisation();
      for (const body of [
        {},
        { name: '' },
        { name: 'x', validForDays: 0 },
        { name: 'x', acceptanceMode: 'fax' },
        { name: 'x', extra: 1 },
        { name: 'x', lineItems: [{ ...TEMPLATE.lineItems[0] }, { ...TEMPLATE.lineItems[0], currency: 'USD' }] },
      ]) {
        const res = await call(ctx(), apiToken, 'POST', '/offer-templates', body);
        assert.equal(res.statusCode, 422, JSON.stringify(body));
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
      assert.equal((await call(ctx(), apiToken, 'GET', '/offer-templates?limit=101')).statusCode, 400);
      assert.equal(json(await call(ctx(), apiToken, 'GET', '/offer-templates')).meta.pagination.totalItems, 0);

      const template = json(await call(ctx(), apiToken, 'POST', '/offer-templates', TEMPLATE));
      assert.equal((await call(ctx(), apiToken, 'PUT', `/offer-templates/${template.id}`, {})).statusCode, 422, 'an empty update');
      assert.equal((await call(ctx(), apiToken, 'GET', '/offer-templates/not-a-uuid')).statusCode, 404);
      for (const offerTemplateId of ['00000000-0000-4000-8000-000000000000', 'nope']) {
        const res = await call(ctx(), apiToken, 'POST', '/offers', { offerTemplateId });
        assert.equal(res.statusCode, 422, offerTemplateId);
      }
      const res = await call(ctx(), apiToken, 'POST', '/offers', { offerTemplateId: '00000000-0000-4000-8000-000000000000' });
      assert.deepEqual(json(res).violations, [{ propertyPath: 'offerTemplateId', message: 'No such offer template.', code: 'invalid' }]);
      assert.equal(json(await call(ctx(), apiToken, 'GET', '/offers')).meta.pagination.totalItems, 0, 'no offer was created');
    });

    it('another organisation cannot see, change, delete or use a template; scopes apply', async () => {
      const a = await ctx().newOrganisation();
      const b = await ctx().newOrganisation();
      const template = json(await call(ctx(), a.apiToken, 'POST', '/offer-templates', TEMPLATE));
      for (const [method, payload] of [['GET'], ['PUT', { name: 'stolen' }], ['DELETE']] as const) {
        assert.equal((await call(ctx(), b.apiToken, method, `/offer-templates/${template.id}`, payload)).statusCode, 404, method);
      }
      assert.equal(json(await call(ctx(), b.apiToken, 'GET', '/offer-templates')).meta.pagination.totalItems, 0);
      assert.equal((await call(ctx(), b.apiToken, 'POST', '/offers', { offerTemplateId: template.id })).statusCode, 422);
      assert.deepEqual(json(await call(ctx(), a.apiToken, 'GET', `/offer-templates/${template.id}`)), template, 'unchanged');

      const readOnly = await scopedToken(ctx(), a.organisation.id, ['offer:read']);
      assert.equal((await call(ctx(), readOnly, 'GET', `/offer-templates/${template.id}`)).statusCode, 200);
      assert.equal((await call(ctx(), readOnly, 'POST', '/offer-templates', TEMPLATE)).statusCode, 403);
      assert.equal((await call(ctx(), readOnly, 'DELETE', `/offer-templates/${template.id}`)).statusCode, 403);
      assert.equal((await ctx().app.inject({ method: 'GET', url: '/offer-templates' })).statusCode, 401);
    });
  },
  { clock },
);
