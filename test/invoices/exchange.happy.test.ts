// exchange/calculate (a quote, no state), exchange/fixed (at a quote's price) and exchange/now:
// one balance debited and another credited in one transaction, idempotent on foreign_id, with an
// `exchange` callback.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { balanceOf, deliver, fund, walletMerchant, type WalletMerchant } from './wallet-helpers.js';

const clock = new ManualClock();
const T0 = Math.floor(clock.now().getTime() / 1000);

describeEachEngine(
  'merchant exchange',
  (ctx) => {
    let receiver: Receiver;
    let m: WalletMerchant;
    before(async () => {
      receiver = await startReceiver();
      m = await walletMerchant(ctx(), receiver);
      await fund(m.client, 'BTC', '0.1'); // 0.0995 BTC
    });
    after(() => receiver.close());

    it('calculate quotes either side at the network rate, all amounts strings, and changes nothing', async () => {
      const res = await m.client.post('/exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'USD', sender_amount: '0.01' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(json(res).data, {
        sender_currency: 'BTC',
        sender_amount: '0.01000000',
        receiver_currency: 'USD',
        receiver_amount: '650.00000000',
        fee_currency: 'BTC',
        fee_amount: '0.00000000',
        price: '65000.00000000',
        ts_fixed: T0,
        ts_release: T0 + 60,
        fix_period: 60,
      });
      const back = json(
        await m.client.post('/exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'USD', receiver_amount: 1300 }),
      );
      assert.equal(back.data.sender_amount, '0.02000000');
      assert.equal(await balanceOf(m.client, 'BTC'), '0.09950000');
    });

    it('fixed: at the quoted price, 201 processing; the balances move and an exchange callback follows', async () => {
      const { data: q } = json(
        await m.client.post('/exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'USD', sender_amount: '0.01' }),
      );
      const res = await m.client.post('/exchange/fixed', {
        sender_currency: 'BTC',
        receiver_currency: 'USD',
        sender_amount: '0.01',
        foreign_id: 'ex-1',
        price: q.price,
      });
      assert.equal(res.statusCode, 201, res.body);
      const { data } = json(res);
      assert.deepEqual(
        { ...data, id: 0 },
        {
          id: 0,
          foreign_id: 'ex-1',
          type: 'exchange',
          sender_amount: '0.01000000',
          sender_currency: 'BTC',
          receiver_amount: '650.00000000',
          receiver_currency: 'USD',
          fee_amount: '0.00000000',
          fee_currency: 'BTC',
          price: '65000.00000000',
          status: 'processing',
        },
      );
      assert.equal(await balanceOf(m.client, 'BTC'), '0.08950000');
      assert.equal(await balanceOf(m.client, 'USD'), '650.00000000');
      // The same foreign_id again: the same exchange, nothing moves twice.
      const again = await m.client.post('/exchange/fixed', {
        sender_currency: 'BTC',
        receiver_currency: 'USD',
        sender_amount: '0.01',
        foreign_id: 'ex-1',
        price: q.price,
      });
      assert.equal(json(again).data.id, data.id);
      assert.equal(json(again).data.status, 'confirmed');
      assert.equal(await balanceOf(m.client, 'BTC'), '0.08950000');
      await deliver(ctx());
      const cb = receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type === 'exchange' && b.foreign_id === 'ex-1');
      assert.equal(cb.length, 1);
      assert.equal(cb[0].status, 'confirmed');
      assert.deepEqual(cb[0].currency_sent, { currency: 'BTC', amount: '0.01000000' });
      assert.deepEqual(cb[0].currency_received, { currency: 'USD', amount: '650.00000000' });
    });

    it('fixed refuses a price that is not the current rate', async () => {
      const res = await m.client.post('/exchange/fixed', {
        sender_currency: 'BTC',
        receiver_currency: 'USD',
        sender_amount: '0.01',
        foreign_id: 'ex-stale',
        price: '64000',
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(json(res), { errors: { price: 'The price is stale or does not match the current rate. Request a new quote.' } });
      assert.equal(await balanceOf(m.client, 'USD'), '650.00000000');
    });

    it('now: at the current rate, both ways between crypto and fiat', async () => {
      const res = await m.client.post('/exchange/now', {
        sender_currency: 'USD',
        receiver_currency: 'ETH',
        sender_amount: '350',
        foreign_id: 'ex-2',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(json(res).data.receiver_amount, '0.10000000');
      assert.equal(await balanceOf(m.client, 'USD'), '300.00000000');
      assert.equal(await balanceOf(m.client, 'ETH'), '0.10000000');
    });

    it('concurrent exchanges of the last funds: only what the balance covers goes through', async () => {
      const answers = await Promise.all(
        ['r1', 'r2', 'r3'].map((foreign_id) =>
          m.client.post('/exchange/now', { sender_currency: 'USD', receiver_currency: 'EUR', sender_amount: '200', foreign_id }),
        ),
      );
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 400, 400]);
      assert.equal(await balanceOf(m.client, 'USD'), '100.00000000');
    });
  },
  { clock },
);
