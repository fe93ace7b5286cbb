// addresses/take → a payment to the address (sandbox) → confirmations → the ledger balance in
// accounts/list and the signed `deposit` callbacks (not_confirmed, then confirmed).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sign } from '../../src/invoices/signature.js';
import { describeEachEngine, json } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { balanceOf, deliver, walletMerchant, type WalletMerchant } from './wallet-helpers.js';

describeEachEngine('merchant deposit addresses', (ctx) => {
  let receiver: Receiver;
  let m: WalletMerchant;
  before(async () => {
    receiver = await startReceiver();
    m = await walletMerchant(ctx(), receiver);
  });
  after(() => receiver.close());

  it('takes a permanent address per (foreign_id, currency): the same request returns the same address', async () => {
    const first = await m.client.post('/addresses/take', { currency: 'BTC', foreign_id: 'cust-1', end_user_reference: 'u-1' });
    assert.equal(first.statusCode, 200, first.body);
    const { data } = json(first);
    assert.deepEqual(Object.keys(data), ['id', 'currency', 'address', 'tag', 'foreign_id', 'end_user_reference']);
    assert.equal(data.currency, 'BTC');
    assert.match(data.address, /^tb1q[0-9a-f]{38}$/);
    assert.equal(data.tag, null);
    assert.equal(data.foreign_id, 'cust-1');
    assert.equal(data.end_user_reference, 'u-1');
    const again = json(await m.client.post('/addresses/take', { currency: 'BTC', foreign_id: 'cust-1', end_user_reference: 'u-1' }));
    assert.deepEqual(again.data, data);
    const eth = json(await m.client.post('/addresses/take', { currency: 'ETH', foreign_id: 'cust-1' })).data;
    assert.notEqual(eth.address, data.address);
    assert.match(eth.address, /^0x[0-9a-f]{40}$/);
    const other = json(await m.client.post('/addresses/take', { currency: 'BTC', foreign_id: 'cust-2' })).data;
    assert.notEqual(other.address, data.address);
  });

  it('a numeric foreign_id, as a typed client sends it, is its decimal string', async () => {
    const numeric = json(await m.client.post('/addresses/take', { currency: 'BTC', foreign_id: 424242 })).data;
    assert.equal(numeric.foreign_id, '424242');
    const text = json(await m.client.post('/addresses/take', { currency: 'BTC', foreign_id: '424242' })).data;
    assert.equal(text.address, numeric.address);
  });

  it('concurrent takes of the same (foreign_id, currency) give one address', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => m.client.post('/addresses/take', { currency: 'LTC', foreign_id: 'racer' })),
    );
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [200, 200, 200, 200, 200],
    );
    assert.equal(new Set(answers.map((a) => json(a).data.address)).size, 1);
  });

  it('a payment books a not_confirmed deposit, confirmations confirm it: balance and callbacks follow', async () => {
    const { data: addr } = json(await m.client.post('/addresses/take', { currency: 'BTC', foreign_id: 'cust-1' }));
    assert.equal(await balanceOf(m.client, 'BTC'), '0.00000000');
    const pay = await m.client.post(`/sandbox/addresses/${addr.address}/payments`, { amount: '0.01', txid: 'dep-tx-1' });
    assert.equal(pay.statusCode, 200, pay.body);
    assert.equal(json(pay).data.status, 'not_confirmed');
    assert.equal(await balanceOf(m.client, 'BTC'), '0.00000000'); // nothing until confirmed

    const confirm = await m.client.post(`/sandbox/addresses/${addr.address}/confirmations`, { txid: 'dep-tx-1' });
    assert.equal(confirm.statusCode, 200, confirm.body);
    assert.equal(json(confirm).data.status, 'confirmed');
    assert.deepEqual(Object.keys(json(confirm).data), [
      'id',
      'foreign_id',
      'end_user_reference',
      'type',
      'crypto_address',
      'currency_sent',
      'currency_received',
      'transactions',
      'fees',
      'error',
      'status',
    ]);
    // 0.01 BTC less the 0.5 % deposit fee.
    assert.equal(await balanceOf(m.client, 'BTC'), '0.00995000');
    // Confirming again changes nothing (booked once, no second callback).
    await m.client.post(`/sandbox/addresses/${addr.address}/confirmations`, { txid: 'dep-tx-1', confirmations: 50 });
    assert.equal(await balanceOf(m.client, 'BTC'), '0.00995000');

    await deliver(ctx());
    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    const deposits = bodies.filter((b) => b.type === 'deposit' && b.transactions[0].txid === 'dep-tx-1');
    // One callback per status, delivered in the order they happened (ordered per wallet transaction).
    assert.deepEqual(
      deposits.map((b) => b.status),
      ['not_confirmed', 'confirmed'],
    );
    const done = deposits.find((b) => b.status === 'confirmed');
    assert.deepEqual(
      Object.keys(done).sort(),
      [
        'id',
        'foreign_id',
        'end_user_reference',
        'type',
        'crypto_address',
        'currency_sent',
        'currency_received',
        'transactions',
        'fees',
        'error',
        'status',
      ].sort(),
    );
    assert.equal(done.foreign_id, 'cust-1');
    assert.equal(done.end_user_reference, 'u-1');
    assert.deepEqual(done.crypto_address, { id: addr.id, currency: 'BTC', address: addr.address, tag: null });
    assert.deepEqual(done.currency_sent, { currency: 'BTC', amount: '0.01000000' });
    assert.deepEqual(done.currency_received, { currency: 'BTC', amount: '0.01000000', amount_minus_fee: '0.00995000' });
    assert.deepEqual(done.fees, [{ type: 'fee_crypto_deposit', currency: 'BTC', amount: '0.00005000' }]);
    assert.equal(done.transactions[0].confirmations, '2');
    assert.equal(done.error, '');
    const request = receiver.requests.find((r) => JSON.parse(r.body).status === 'confirmed')!;
    assert.equal(request.headers['x-processing-signature'], sign(m.secret, request.body));
    assert.ok(request.headers['x-processing-key'], 'wallet callbacks carry the merchant key too');
    // The vendor's bytes: keys in the documented order, as PHP's json_encode writes them.
    assert.deepEqual(Object.keys(JSON.parse(request.body)), [
      'id',
      'foreign_id',
      'end_user_reference',
      'type',
      'crypto_address',
      'currency_sent',
      'currency_received',
      'transactions',
      'fees',
      'error',
      'status',
    ]);
  });

  it('convert_to: the deposit is credited in that currency at the network rate (deposit_exchange)', async () => {
    const take = await m.client.post('/addresses/take', { currency: 'ETH', foreign_id: 'conv-1', convert_to: 'EUR' });
    assert.equal(take.statusCode, 200, take.body);
    const { data: addr } = json(take);
    assert.equal(addr.convert_to, 'EUR');
    const pay = await m.client.post(`/sandbox/addresses/${addr.address}/payments`, { amount: '1', confirmations: 12 });
    assert.equal(pay.statusCode, 200, pay.body);
    const { data } = json(pay);
    assert.equal(data.type, 'deposit_exchange');
    assert.equal(data.status, 'confirmed');
    assert.equal(data.crypto_address.convert_to, 'EUR');
    // 1 ETH = 3500 USD = 3240.74074074 EUR (1.08 USD/EUR); net of the 0.5 % fee: 0.995 ETH.
    assert.equal(data.currency_received.currency, 'EUR');
    assert.equal(data.currency_received.amount_minus_fee, '3224.53703703');
    assert.equal(data.currency_received.amount, '3240.74074073'); // the gross, in proportion
    assert.deepEqual(data.currency_sent, { currency: 'ETH', amount: '1.00000000' });
    assert.equal(await balanceOf(m.client, 'EUR'), '3224.53703703');
    assert.equal(await balanceOf(m.client, 'ETH'), '0.00000000');
    assert.equal(data.transactions[1].transaction_type, 'exchange');
  });
});
