// transactions/info finds every transaction the merchant's key made, not only invoice payments: a
// deposit to a permanent address (by id or txid), a withdrawal (by foreign_id or id), an exchange
// (by foreign_id). Invoice and wallet transactions share one id space, so an id names one of them.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachEngine, json } from '../helpers/app.js';
import { type WalletMerchant, walletMerchant } from './wallet-helpers.js';

const ADDRESS = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx';

describeEachEngine('merchant transactions/info over the wallet', (ctx) => {
  let m: WalletMerchant;
  let depositId: number;
  let invoiceTxId: number;

  before(async () => {
    m = await walletMerchant(ctx());
    const invoice = await m.client.post('/invoices/create', {
      timer: false,
      title: 'Order',
      currency: 'BTC',
      sender_currency: 'BTC',
      amount: '0.01',
      foreign_id: 'inv-1',
      url_success: 'https://shop.example.com/ok',
      url_failed: 'https://shop.example.com/failed',
    });
    assert.equal(invoice.statusCode, 200, invoice.body);
    const paid = await m.client.post('/sandbox/invoices/inv-1/payments', { amount: '0.01', txid: 'invoice-tx-1' });
    assert.equal(paid.statusCode, 200, paid.body);
    invoiceTxId = json(await m.client.post('/transactions/info', { txid: 'invoice-tx-1' })).transactions[0].id;

    const take = json(await m.client.post('/addresses/take', { currency: 'BTC', foreign_id: 'cust-1' })).data;
    const pay = await m.client.post(`/sandbox/addresses/${take.address}/payments`, {
      amount: '0.2',
      confirmations: 100,
      txid: 'deposit-tx-1',
    });
    assert.equal(pay.statusCode, 200, pay.body);
    depositId = json(pay).data.id;
  });

  it('finds a deposit by txid and by id, callback-shaped and not wrapped in data', async () => {
    const byTxid = await m.client.post('/transactions/info', { txid: 'deposit-tx-1' });
    assert.equal(byTxid.statusCode, 200, byTxid.body);
    const body = json(byTxid);
    assert.equal(body.data, undefined);
    assert.equal(body.type, 'deposit');
    assert.equal(body.status, 'confirmed');
    assert.equal(body.id, depositId);
    assert.deepEqual(json(await m.client.post('/transactions/info', { id: depositId })), body);
    assert.notEqual(depositId, invoiceTxId, 'one id space');
    assert.equal(json(await m.client.post('/transactions/info', { id: invoiceTxId })).type, 'invoice');
  });

  it('finds a withdrawal by foreign_id and by id, and an exchange by foreign_id', async () => {
    const w = await m.client.post('/withdrawal/crypto', { currency: 'BTC', address: ADDRESS, amount: '0.01', foreign_id: 'w-1' });
    assert.equal(w.statusCode, 201, w.body);
    const byForeign = json(await m.client.post('/transactions/info', { foreign_id: 'w-1' }));
    assert.equal(byForeign.type, 'withdrawal');
    assert.equal(byForeign.foreign_id, 'w-1');
    assert.deepEqual(json(await m.client.post('/transactions/info', { id: json(w).data.id })), byForeign);

    const x = await m.client.post('/exchange/now', {
      sender_currency: 'BTC',
      receiver_currency: 'EUR',
      sender_amount: '0.01',
      foreign_id: 'x-1',
    });
    assert.equal(x.statusCode, 201, x.body);
    assert.equal(json(await m.client.post('/transactions/info', { foreign_id: 'x-1' })).type, 'exchange');
  });

  it('another merchant finds none of them', async () => {
    const other = await walletMerchant(ctx());
    for (const lookup of [{ id: depositId }, { txid: 'deposit-tx-1' }, { foreign_id: 'w-1' }]) {
      const res = await other.client.post('/transactions/info', lookup);
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(Object.values(json(res).errors), ['Transaction not found.']);
    }
  });
});
