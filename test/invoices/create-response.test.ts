// A create answers from the row it wrote, not from a read-back (invoices/create-batch.ts writeInvoice):
// whatever the create says must be what the invoice says when read, for each kind of invoice.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const clock = new ManualClock();

describeEachEngine(
  'a create answers what was stored',
  (ctx) => {
    let client: MerchantClient;

    it('sets up a merchant', async () => {
      client = merchantClient(ctx().app, (await ctx().newOrganisation()).merchant);
    });

    const kinds: [string, Record<string, unknown>][] = [
      ['no timer', { timer: false, end_user_reference: 'cust-1', description: 'Two chairs' }],
      ['timer', { timer: true, sender_currency: null, end_user_reference: null }],
      ['timer and sender currency', { timer: true, sender_currency: 'BTC', amount: '250.5' }],
      [
        'legal sender data',
        { timer: true, sender_currency: 'ETH', sender_type: 'legal', sender_data: { company_name: 'Acme Ltd', registration_number: '42' } },
      ],
    ];
    for (const [kind, overrides] of kinds) {
      it(`${kind}: the create's data equals invoices/info's`, async () => {
        const foreignId = `stored-${kind.replace(/\W+/g, '-')}`;
        const created = await client.post('/invoices/create', invoiceBody({ foreign_id: foreignId, ...overrides }));
        assert.equal(created.statusCode, 200, created.body);
        const { data } = json(created);
        assert.equal(typeof data.id, 'number');
        const info = json(await client.post('/invoices/info', { id: data.id })).data;
        assert.equal(info.foreign_id, foreignId);
        const stored = Object.fromEntries(Object.keys(data).map((key) => [key, info[key]]));
        assert.deepEqual(data, stored);
        // The later reads see the row the create described: no error, created now.
        assert.equal(info.error, null);
        assert.equal(info.created_at, Math.floor(clock.now().getTime() / 1000));
      });
    }
  },
  { clock },
);
