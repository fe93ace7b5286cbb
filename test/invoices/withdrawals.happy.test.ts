// withdrawal/crypto: the balance is debited in the request's transaction, the same foreign_id never
// debits twice, two withdrawals racing for the last funds: exactly one wins; the sandbox ends a
// withdrawal confirmed (or cancelled and refunded), each with its `withdrawal` callback.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachEngine, json } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { balanceOf, deliver, fund, walletMerchant, type WalletMerchant } from './wallet-helpers.js';

const ADDRESS = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx';

describeEachEngine('merchant crypto withdrawals', (ctx) => {
  let receiver: Receiver;
  let m: WalletMerchant;
  before(async () => {
    receiver = await startReceiver();
    m = await walletMerchant(ctx(), receiver);
    await fund(m.client, 'BTC', '0.1'); // 0.0995 after the deposit fee
  });
  after(() => receiver.close());

  it('debits the balance and answers processing (201); the same foreign_id returns it without a second debit', async () => {
    const body = { currency: 'BTC', address: ADDRESS, amount: '0.01', foreign_id: 'w-1', end_user_reference: 'u-9' };
    const res = await m.client.post('/withdrawal/crypto', body);
    assert.equal(res.statusCode, 201, res.body);
    const { data } = json(res);
    assert.deepEqual(
      { ...data, id: 0 },
      {
        id: 0,
        foreign_id: 'w-1',
        end_user_reference: 'u-9',
        type: 'withdrawal',
        status: 'processing',
        amount: '0.01000000',
        sender_amount: '0.01000000',
        sender_currency: 'BTC',
        receiver_currency: 'BTC',
        receiver_amount: '0.01000000',
      },
    );
    assert.equal(await balanceOf(m.client, 'BTC'), '0.08950000');
    const again = await m.client.post('/withdrawal/crypto', { ...body, amount: '0.02' });
    assert.equal(again.statusCode, 201);
    assert.equal(json(again).data.id, data.id);
    assert.equal(json(again).data.amount, '0.01000000');
    assert.equal(await balanceOf(m.client, 'BTC'), '0.08950000');
  });

  it('the sandbox confirms it: a confirmed withdrawal callback with a txid', async () => {
    const res = await m.client.post('/sandbox/withdrawals/w-1/complete', {});
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).data.status, 'confirmed');
    await deliver(ctx());
    const callbacks = receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type === 'withdrawal' && b.foreign_id === 'w-1');
    assert.deepEqual(callbacks.map((b) => b.status).sort(), ['confirmed', 'processing']);
    const done = callbacks.find((b) => b.status === 'confirmed');
    assert.deepEqual(done.crypto_address, { currency: 'BTC', address: ADDRESS, tag: null });
    assert.deepEqual(done.currency_sent, { currency: 'BTC', amount: '0.01000000' });
    assert.equal(done.transactions[0].type, 'withdrawal');
    assert.match(done.transactions[0].txid, /^sandbox_w/);
    assert.equal(done.end_user_reference, 'u-9');
    // Ended withdrawals stay ended.
    const twice = await m.client.post('/sandbox/withdrawals/w-1/complete', { status: 'cancelled' });
    assert.equal(twice.statusCode, 400);
    assert.equal(await balanceOf(m.client, 'BTC'), '0.08950000');
  });

  it('a cancelled withdrawal books the debit back', async () => {
    await m.client.post('/withdrawal/crypto', { currency: 'BTC', address: ADDRESS, amount: '0.005', foreign_id: 'w-2' });
    assert.equal(await balanceOf(m.client, 'BTC'), '0.08450000');
    const res = await m.client.post('/sandbox/withdrawals/w-2/complete', { status: 'cancelled' });
    assert.equal(json(res).data.status, 'cancelled');
    assert.equal(await balanceOf(m.client, 'BTC'), '0.08950000');
  });

  it('with convert_to: the fiat balance is debited and crypto sent (withdrawal_exchange), amount_to fixes what arrives', async () => {
    await m.client.post('/exchange/now', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.01', foreign_id: 'x-fund' });
    const eur = await balanceOf(m.client, 'EUR');
    assert.equal(eur, '601.85185185'); // 0.01 BTC × 65000 / 1.08
    const res = await m.client.post('/withdrawal/crypto', {
      currency: 'EUR',
      convert_to: 'ETH',
      address: '0x52908400098527886E0F7030069857D2E4169EE7',
      amount_to: '0.1',
      foreign_id: 'w-3',
    });
    assert.equal(res.statusCode, 201, res.body);
    const { data } = json(res);
    assert.equal(data.type, 'withdrawal_exchange');
    assert.equal(data.receiver_currency, 'ETH');
    assert.equal(data.receiver_amount, '0.10000000');
    assert.equal(data.sender_currency, 'EUR');
    assert.equal(data.sender_amount, '324.07407408'); // 0.1 ETH × 3500 / 1.08, rounded up
    assert.equal(await balanceOf(m.client, 'EUR'), '277.77777777');
  });

  it('with convert_to and amount: what arrives is truncated to the crypto precision (USDTE: 6 decimals)', async () => {
    const res = await m.client.post('/withdrawal/crypto', {
      currency: 'EUR',
      convert_to: 'USDTE',
      address: '0x52908400098527886E0F7030069857D2E4169EE7',
      amount: '10.1234567',
      foreign_id: 'w-4',
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(json(res).data.receiver_amount, '10.93333300'); // 10.1234567 × 1.08 = 10.933333236, cut at 6 decimals
    assert.equal(json(res).data.sender_amount, '10.12345670');
  });

  it('two withdrawals racing for the last funds: exactly one succeeds', async () => {
    const r = await walletMerchant(ctx());
    await fund(r.client, 'LTC', '1'); // 0.995 LTC
    const answers = await Promise.all(
      ['race-a', 'race-b', 'race-c'].map((foreign_id) =>
        r.client.post('/withdrawal/crypto', {
          currency: 'LTC',
          address: 'tltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
          amount: '0.6',
          foreign_id,
        }),
      ),
    );
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 400, 400]);
    for (const a of answers.filter((a) => a.statusCode === 400)) assert.deepEqual(json(a), { errors: { amount: 'Insufficient funds.' } });
    assert.equal(await balanceOf(r.client, 'LTC'), '0.39500000');
  });

  it('the same foreign_id sent concurrently debits once', async () => {
    const r = await walletMerchant(ctx());
    await fund(r.client, 'LTC', '1');
    const body = { currency: 'LTC', address: 'tltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', amount: '0.1', foreign_id: 'same' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => r.client.post('/withdrawal/crypto', body)));
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [201, 201, 201, 201],
    );
    assert.equal(new Set(answers.map((a) => json(a).data.id)).size, 1);
    assert.equal(await balanceOf(r.client, 'LTC'), '0.89500000');
  });
});
