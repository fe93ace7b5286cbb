import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { createOffer, getOffer, publish } from './support.js';

const line = (extra: Record<string, unknown> = {}) => ({
  name: 'Hosting',
  quantity: 2,
  unitAmountCents: 10_000,
  currency: 'EUR',
  interval: '1M',
  priceType: 'per_unit',
  ...extra,
});

const paths = (body: { violations: { propertyPath: string }[] }) => body.violations.map((v) => v.propertyPath).sort();

describeEachEngine('line item tax rates and offer totals', (ctx) => {
  it('stores the default rate in lines that name none, and shows totals per interval with VAT per rate', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const offer = await createOffer(ctx(), apiToken, {
      name: 'Relaunch',
      recipients: [{ email: 'buyer@example.com' }],
      lineItems: [
        line(),
        line({ name: 'Support', unitAmountCents: 5_000, quantity: 1, taxRate: 7, discountPercent: 10 }),
        line({ name: 'Setup', interval: null, priceType: 'flat_fee', unitAmountCents: 150_000, quantity: 3, discountPercent: 12.5 }),
      ],
    });
    assertMatchesSeed('Offer-OfferRead', offer);
    assert.deepEqual(
      offer.lineItems.map((l: { taxRate: number }) => l.taxRate),
      [19, 7, 19],
      'no profile default: the fallback 19 % is stored',
    );
    assert.deepEqual(offer.totals, {
      currency: 'EUR',
      intervals: [
        {
          interval: null,
          subtotalCents: '150000',
          discountCents: '18750',
          netCents: '131250',
          taxes: [{ rate: 19, netCents: '131250', taxCents: '24938' }],
          grossCents: '156188',
        },
        {
          interval: '1M',
          subtotalCents: '25000',
          discountCents: '500',
          netCents: '24500',
          taxes: [
            { rate: 19, netCents: '20000', taxCents: '3800' },
            { rate: 7, netCents: '4500', taxCents: '315' },
          ],
          grossCents: '28615',
        },
      ],
    });
    // The seed's contract value ignores tax and discounts: 2 × 100 € + 50 € a month, a year of it.
    {
      const res = await publish(ctx(), apiToken, offer.id);
      assert.equal(res.statusCode, 200, res.body);
    }
    const published = await getOffer(ctx(), apiToken, offer.id);
    assert.equal(published.cachedContractValueCents, '300000');
    assertMatchesSeed('Offer-OfferRead', published);
    const list = json(await ctx().app.inject({ method: 'GET', url: '/offers', headers: bearer(apiToken) }));
    assertMatchesSeed('GET /offers 200', list);
    assert.deepEqual(list.data[0].totals, published.totals);
  });

  it("takes the organisation's default at write time; a later default leaves written offers alone", async () => {
    const { apiToken } = await ctx().newOrganisation();
    const patch = (rate: number) =>
      ctx().app.inject({ method: 'PATCH', url: '/organisation', headers: bearer(apiToken), payload: { defaultTaxRate: rate } });
    assert.equal((await patch(7)).statusCode, 200);
    const offer = await createOffer(ctx(), apiToken, { name: 'Books', lineItems: [line()], recipients: [{ email: 'buyer@example.com' }] });
    assert.equal(offer.lineItems[0].taxRate, 7);
    {
      const res = await publish(ctx(), apiToken, offer.id);
      assert.equal(res.statusCode, 200, res.body);
    }
    const before = await getOffer(ctx(), apiToken, offer.id);

    assert.equal((await patch(19)).statusCode, 200);
    const after = await getOffer(ctx(), apiToken, offer.id);
    assert.deepEqual(after.totals, before.totals);
    assert.equal(after.publishedVersionHash, before.publishedVersionHash);
    assert.equal(after.currentVersionHash, before.currentVersionHash);
    assert.equal(after.totals.intervals[0].taxes[0].rate, 7);

    // Lines written now get the new default; a line that names its rate keeps it.
    const updated = await ctx().app.inject({
      method: 'PUT',
      url: `/offers/${offer.id}`,
      headers: bearer(apiToken),
      payload: { lineItems: [line(), line({ name: 'Zero', taxRate: 0 })] },
    });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.deepEqual(
      json(updated).lineItems.map((l: { taxRate: number }) => l.taxRate),
      [19, 0],
    );
    assert.deepEqual(json(updated).totals.intervals[0].taxes, [
      { rate: 19, netCents: '20000', taxCents: '3800' },
      { rate: 0, netCents: '20000', taxCents: '0' },
    ]);
  });

  it('refuses rates and discounts outside 0–100 or with more than two decimals, naming the line, and changes nothing', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const bad = await ctx().app.inject({
      method: 'POST',
      url: '/offers',
      headers: bearer(apiToken),
      payload: { name: 'X', lineItems: [line(), line(), line({ taxRate: 19.555, discountPercent: 0.001 })] },
    });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(paths(json(bad)), ['lineItems[2].discountPercent', 'lineItems[2].taxRate']);
    for (const [field, value] of [
      ['taxRate', 101],
      ['taxRate', -1],
      ['discountPercent', 100.5],
      ['taxRate', '19'],
    ] as const) {
      const res = await ctx().app.inject({
        method: 'POST',
        url: '/offers',
        headers: bearer(apiToken),
        payload: { name: 'X', lineItems: [line({ [field]: value })] },
      });
      assert.equal(res.statusCode, 422, `${field}=${value}`);
      assert.deepEqual(paths(json(res)), [`lineItems[0].${field}`]);
    }
    const list = json(await ctx().app.inject({ method: 'GET', url: '/offers', headers: bearer(apiToken) }));
    assert.equal(list.data.length, 0);

    const offer = await createOffer(ctx(), apiToken, { name: 'Kept', lineItems: [line({ taxRate: 7 })] });
    const update = await ctx().app.inject({
      method: 'PUT',
      url: `/offers/${offer.id}`,
      headers: bearer(apiToken),
      payload: { lineItems: [line({ taxRate: 7.123 })] },
    });
    assert.equal(update.statusCode, 422);
    assert.deepEqual(paths(json(update)), ['lineItems[0].taxRate']);
    assert.equal((await getOffer(ctx(), apiToken, offer.id)).lineItems[0].taxRate, 7);
  });

  it('checks templates the same way; an offer from a template takes the default of its day', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const post = (payload: unknown) =>
      ctx().app.inject({ method: 'POST', url: '/offer-templates', headers: bearer(apiToken), payload: payload as object });
    const bad = await post({ name: 'T', lineItems: [line({ discountPercent: 5.555 })] });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(paths(json(bad)), ['lineItems[0].discountPercent']);
    const template = json(await post({ name: 'T', lineItems: [line(), line({ taxRate: 7 })] }));
    assert.equal(template.lineItems[0].taxRate, undefined, 'a template keeps no default of its own');
    const put = await ctx().app.inject({
      method: 'PUT',
      url: `/offer-templates/${template.id}`,
      headers: bearer(apiToken),
      payload: { lineItems: [line({ taxRate: 200 })] },
    });
    assert.equal(put.statusCode, 422);

    await ctx().app.inject({ method: 'PATCH', url: '/organisation', headers: bearer(apiToken), payload: { defaultTaxRate: 20 } });
    const offer = await createOffer(ctx(), apiToken, { offerTemplateId: template.id });
    assert.deepEqual(
      offer.lineItems.map((l: { taxRate: number }) => l.taxRate),
      [20, 7],
    );
  });

  it('has no totals without line items', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const offer = await createOffer(ctx(), apiToken, { name: 'Text only', sections: ['Hello'] });
    assert.equal(offer.totals, null);
    assertMatchesSeed('Offer-OfferRead', offer);
  });
});
