// Money is confirmed only when received (issue 13, item 1): a confirmation without a payment never
// confirms an invoice, on the pure state table and through the sandbox, whatever the currencies.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { transition } from '../../src/invoices/states.js';
import { describeEachEngine, json } from '../helpers/app.js';
import { merchantClient } from '../helpers/merchant.js';

it('the state table: a confirmation with nothing confirmed, or nothing due yet, changes nothing', () => {
  for (const status of ['created', 'pending', 'processing'] as const) {
    for (const sums of [
      { due: 0n, seen: 0n, confirmed: 0n },
      { due: 1000n, seen: 0n, confirmed: 0n },
      { due: 0n, seen: 5n, confirmed: 5n },
    ]) {
      const outcome = transition(status, { type: 'confirmation', sums, invoiceType: 'good_until_expired', allConfirmed: true });
      assert.deepEqual(
        outcome.ok && outcome.status,
        status,
        `${status} ${JSON.stringify(sums, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
    }
  }
  const paid = transition('processing', {
    type: 'confirmation',
    sums: { due: 10n, seen: 10n, confirmed: 10n },
    invoiceType: 'fill_or_kill',
    allConfirmed: true,
  });
  assert.equal(paid.ok && paid.status, 'confirmed');
});

describeEachEngine('sandbox confirmations without a payment', (ctx) => {
  const body = (foreignId: string, currency: string, senderCurrency?: string) => ({
    timer: false,
    title: 'Order',
    currency,
    ...(senderCurrency ? { sender_currency: senderCurrency } : {}),
    amount: currency === 'BTC' ? '0.01' : '25.00',
    foreign_id: foreignId,
    url_success: 'https://shop.example.com/ok',
    url_failed: 'https://shop.example.com/failed',
  });

  it('answers 400 and leaves the invoice as it was, for a crypto and a fiat invoice', async () => {
    const org = await ctx().newOrganisation();
    const client = merchantClient(ctx().app, org.merchant);
    for (const [foreignId, currency, sender] of [
      ['btc-btc', 'BTC', 'BTC'],
      ['eur-btc', 'EUR', 'BTC'],
      ['eur-open', 'EUR', undefined],
    ] as const) {
      const created = await client.post('/invoices/create', body(foreignId, currency, sender));
      assert.equal(created.statusCode, 200, created.body);
      const status = json(created).data.status;
      const confirm = await client.post(`/sandbox/invoices/${foreignId}/confirmations`, {});
      assert.equal(confirm.statusCode, 400, `${foreignId}: ${confirm.body}`);
      assert.deepEqual(json(confirm), { errors: { txid: 'Transaction not found.' } });
      const info = json(await client.post('/invoices/info', { foreign_id: foreignId })).data;
      assert.equal(info.status, status, `${foreignId} is still ${status}`);
    }
    const accounts = json(await client.post('/accounts/list', {})).data;
    assert.ok(
      accounts.every((a: { balance: string }) => Number(a.balance) === 0),
      'nothing was booked',
    );
  });
});
