// The fiat currencies the vendor lists (issue 12): invoices priced in GBP, JPY, … with their ISO 4217
// minor units (decimals and minimums), paid through the sandbox, in currencies/list, pairs and rates,
// accounts/list and on the payer's page.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachEngine, json } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const FIAT = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY', 'PLN', 'CZK', 'SEK', 'NOK', 'DKK'];
const CRYPTO = ['BTC', 'ETH', 'LTC', 'USDTE', 'USDTT', 'USDC'];

describeEachEngine('merchant api: fiat currencies', (ctx) => {
  let client: MerchantClient;
  const create = (overrides: Record<string, unknown>) => client.post('/invoices/create', invoiceBody(overrides));
  const page = async (url: string) => (await ctx().app.inject({ method: 'GET', url: new URL(url).pathname })).body;

  it('sets up a merchant', async () => {
    client = merchantClient(ctx().app, (await ctx().newOrganisation()).merchant);
  });

  it('currencies/list has every fiat currency with its ISO 4217 minor unit and minimum', async () => {
    const list = json(await client.post('/currencies/list', {})).data as any[];
    const byCode = Object.fromEntries(list.map((c) => [c.currency, c]));
    for (const code of FIAT) {
      assert.equal(byCode[code]?.type, 'fiat', code);
      assert.equal(byCode[code].precision, code === 'JPY' ? 0 : 2, code);
    }
    assert.equal(byCode.JPY.minimum_amount, '1500.00000000');
    assert.equal(byCode.GBP.minimum_amount, '10.00000000');
    assert.equal(byCode.CZK.minimum_amount, '250.00000000');
    assert.equal(new Set(list.map((c) => c.id)).size, list.length, 'ids are unique');
  });

  it('currencies/pairs: crypto → every fiat, and fiat → crypto; fiat → fiat is not a pair', async () => {
    const pairs = json(await client.post('/currencies/pairs', {})).data as any[];
    const names = new Set(pairs.map((p) => `${p.currency_from.currency}>${p.currency_to.currency}`));
    for (const fiat of FIAT) {
      for (const crypto of CRYPTO) {
        assert.ok(names.has(`${crypto}>${fiat}`), `${crypto}>${fiat}`);
        assert.ok(names.has(`${fiat}>${crypto}`), `${fiat}>${crypto}`);
      }
    }
    assert.ok(!pairs.some((p) => p.currency_from.type === 'fiat' && p.currency_to.type === 'fiat'));
    const fromGbp = json(await client.post('/currencies/pairs', { currency_from: 'GBP' })).data as any[];
    assert.deepEqual(fromGbp.map((p) => p.currency_to.currency).sort(), [...CRYPTO].sort());
    assert.deepEqual(fromGbp[0].currency_from, {
      currency: 'GBP',
      type: 'fiat',
      min_amount: '10.00000000',
      min_amount_deposit_with_exchange: '10.00000000',
    });
    const toJpy = json(await client.post('/currencies/pairs', { currency_to: 'JPY' })).data as any[];
    assert.deepEqual(toJpy.map((p) => p.currency_from.currency).sort(), [...CRYPTO].sort());
  });

  it('currencies/rates from the sandbox USD table, both directions', async () => {
    const rate = async (from: string, to: string) => {
      const data = json(await client.post('/currencies/rates', { currency_from: from, currency_to: to })).data as any[];
      return data.map((r) => [r.currency_from.currency, r.currency_to.currency, r.rate_from, r.rate_to]);
    };
    // 65000 USD/BTC ÷ 1.27 USD/GBP; ÷ 0.0067 USD/JPY.
    assert.deepEqual(await rate('BTC', 'GBP'), [['BTC', 'GBP', '1', '51181.10236220']]);
    assert.deepEqual(await rate('BTC', 'JPY'), [['BTC', 'JPY', '1', '9701492.53731343']]);
    assert.deepEqual(await rate('USDTE', 'CHF'), [['USDTE', 'CHF', '1', '0.88495575']]);
    assert.deepEqual(await rate('GBP', 'USDTT'), [['GBP', 'USDTT', '1', '1.27000000']]);
    assert.deepEqual(await rate('GBP', 'BTC'), [['GBP', 'BTC', '1', '0.00001953']]);
    assert.deepEqual(await rate('EUR', 'GBP'), []);
  });

  it('a GBP invoice: quoted from the GBP price, paid and confirmed through the sandbox, credited in GBP', async () => {
    const res = await create({ foreign_id: 'gbp-1', currency: 'GBP', amount: '25.50', timer: true, sender_currency: 'BTC' });
    assert.equal(res.statusCode, 200, res.body);
    const { data } = json(res);
    assert.equal(data.currency, 'GBP');
    assert.equal(data.amount, '25.50000000');
    // 25.50 GBP × 1.27 USD/GBP ÷ 65000 USD/BTC, rounded up to 1e-8.
    assert.equal(data.sender_amount, '0.00049824');
    assert.match(await page(data.url), />25\.50 GBP</);

    const paid = json(await client.post('/sandbox/invoices/gbp-1/payments', { confirmations: 2 })).data;
    assert.equal(paid.status, 'confirmed');
    const info = json(await client.post('/invoices/info', { foreign_id: 'gbp-1' })).data;
    assert.equal(info.currency_received.currency, 'GBP');
    assert.equal(info.currency_received.amount, '25.50000000');
    const balances = Object.fromEntries(json(await client.post('/accounts/list', {})).data.map((a: any) => [a.currency, a]));
    assert.equal(balances.GBP.type, 'fiat');
    // 25.50 GBP less the 0.5 % deposit fee.
    assert.ok(Number(balances.GBP.balance) > 25.37 && Number(balances.GBP.balance) < 25.38, balances.GBP.balance);
  });

  it('a JPY invoice: whole yen, the payer picks ETH in the sandbox, confirmed, credited in JPY', async () => {
    const res = await create({ foreign_id: 'jpy-1', currency: 'JPY', amount: 1500, timer: false });
    assert.equal(res.statusCode, 200, res.body);
    const { data } = json(res);
    assert.equal(data.amount, '1500.00000000');
    assert.equal(data.sender_amount, null);
    assert.match(await page(data.url), />1,500 JPY</); // grouped as the payer reads it, no decimals

    const paid = json(await client.post('/sandbox/invoices/jpy-1/payments', { currency: 'ETH', confirmations: 12 })).data;
    assert.equal(paid.status, 'confirmed');
    const info = json(await client.post('/invoices/info', { foreign_id: 'jpy-1' })).data;
    // 1500 JPY × 0.0067 USD/JPY ÷ 3500 USD/ETH, rounded up to 1e-8.
    assert.equal(info.sender_amount, '0.00287143');
    assert.equal(info.currency_received.currency, 'JPY');
    assert.equal(info.currency_received.amount, '1500.00000000');
    const balances = Object.fromEntries(json(await client.post('/accounts/list', {})).data.map((a: any) => [a.currency, a.balance]));
    assert.ok(Number(balances.JPY) > 1492 && Number(balances.JPY) < 1493, balances.JPY);
  });

  it('accounts/list lists every currency it knows, the new fiat ones included, zeros too', async () => {
    const data = json(await client.post('/accounts/list', {})).data as any[];
    assert.deepEqual(data.map((a) => a.currency).sort(), [...CRYPTO, ...FIAT].sort());
    assert.equal(data.find((a) => a.currency === 'NOK').balance, '0.00000000');
  });

  it('amounts in each currency: its decimals and minimum accepted, trailing zeros fine', async () => {
    for (const [currency, amount] of [
      ['GBP', '10.00'],
      ['CHF', 10.01],
      ['CAD', '15'],
      ['AUD', '15.99'],
      ['JPY', '1500.00'],
      ['PLN', '50.5'],
      ['CZK', 250],
      ['SEK', '100.10'],
      ['NOK', '100'],
      ['DKK', '75.25'],
      ['BTC', '0.00012345'],
    ] as const) {
      const res = await create({ currency, amount });
      assert.equal(res.statusCode, 200, `${currency} ${amount}: ${res.body}`);
    }
  });

  it('more decimals than the currency has are refused (not rounded), nothing is created', async () => {
    const cases = [
      ['GBP', '10.005', 'The amount may not have more than 2 decimal places for GBP.'],
      ['EUR', 106.751, 'The amount may not have more than 2 decimal places for EUR.'],
      ['JPY', '1500.5', 'The amount may not have more than 0 decimal places for JPY.'],
      ['JPY', 1500.01, 'The amount may not have more than 0 decimal places for JPY.'],
    ] as const;
    for (const [currency, amount, message] of cases) {
      const res = await create({ foreign_id: `bad-${currency}-${amount}`, currency, amount });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(json(res), { errors: { amount: message } });
      assert.deepEqual(json(await client.post('/invoices/info', { foreign_id: `bad-${currency}-${amount}` })), {
        errors: { foreign_id: 'Invoice not found.' },
      });
    }
  });

  it("below the minimum: the vendor message, in the currency's own minor units", async () => {
    const cases = [
      ['EUR', '9.99', 'The amount is too small. The minimum amount is 10.00 EUR.'],
      ['GBP', '9.99', 'The amount is too small. The minimum amount is 10.00 GBP.'],
      ['JPY', '1499', 'The amount is too small. The minimum amount is 1500 JPY.'],
      ['CZK', '249.99', 'The amount is too small. The minimum amount is 250.00 CZK.'],
      ['AUD', 14, 'The amount is too small. The minimum amount is 15.00 AUD.'],
    ] as const;
    for (const [currency, amount, message] of cases) {
      assert.deepEqual(json(await create({ currency, amount })), { errors: { amount: message } }, `${currency} ${amount}`);
    }
    // An unknown currency is reported on the currency, not the amount.
    assert.deepEqual(json(await create({ currency: 'XYZ', amount: '1.234' })), {
      errors: { currency: 'The selected currency is invalid.' },
    });
  });
});

describeEachEngine(
  'merchant api: fiat prices from SANDBOX_RATES',
  (ctx) => {
    it('the table overrides the default USD price of a new fiat currency', async () => {
      const client = merchantClient(ctx().app, (await ctx().newOrganisation()).merchant);
      const rate = json(await client.post('/currencies/rates', { currency_from: 'BTC', currency_to: 'JPY' })).data[0];
      assert.equal(rate.rate_to, '10000000.00000000'); // 65000 ÷ 0.0065
      const { data } = json(
        await client.post('/invoices/create', invoiceBody({ currency: 'GBP', amount: '65', timer: true, sender_currency: 'BTC' })),
      );
      assert.equal(data.sender_amount, '0.00130000'); // 65 GBP × 1.30 ÷ 65000
    });
  },
  { env: { SANDBOX_RATES: '{"GBP": "1.30", "JPY": "0.0065"}' } },
);
