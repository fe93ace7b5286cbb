// The wallet endpoints' refusals, in the vendor's shapes, changing nothing: bad fields, unknown
// currencies, insufficient funds, bad addresses, another merchant's data, futures, and a network
// that cannot withdraw or exchange.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { networkOf, useNetwork } from '../../src/invoices/network/index.js';
import { describeEachEngine, json } from '../helpers/app.js';
import { balanceOf, fund, walletMerchant, type WalletMerchant } from './wallet-helpers.js';

const BTC_ADDRESS = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx';

describeEachEngine('merchant wallet errors', (ctx) => {
  let m: WalletMerchant;
  let other: WalletMerchant;
  before(async () => {
    m = await walletMerchant(ctx());
    other = await walletMerchant(ctx());
    await fund(m.client, 'BTC', '0.01'); // 0.00995
  });

  const refused = async (path: string, body: unknown, expected: unknown, client = m.client) => {
    const res = await client.post(path, body);
    assert.equal(res.statusCode, 400, `${path}: ${res.body}`);
    assert.deepEqual(json(res), expected);
  };

  it('addresses/take: required fields, unknown or non-crypto currency, convert_to', async () => {
    await refused(
      '/addresses/take',
      {},
      { errors: { currency: 'The currency field is required.', foreign_id: 'The foreign id field is required.' } },
    );
    await refused('/addresses/take', { currency: 'DOGE', foreign_id: 'c' }, { errors: { currency: 'The selected currency is invalid.' } });
    await refused('/addresses/take', { currency: 'EUR', foreign_id: 'c' }, { errors: { currency: 'The selected currency is invalid.' } });
    await refused(
      '/addresses/take',
      { currency: 'BTC', foreign_id: 'c', convert_to: 'XXX' },
      { errors: { convert_to: 'The selected convert to is invalid.' } },
    );
    await refused(
      '/addresses/take',
      { currency: 'BTC', foreign_id: 'c', convert_to: 'BTC' },
      { errors: { convert_to: 'The convert to and currency must be different.' } },
    );
  });

  it('withdrawal/crypto: fields, amount XOR amount_to, minimum, address format, insufficient funds; nothing debited', async () => {
    await refused(
      '/withdrawal/crypto',
      {},
      {
        errors: {
          currency: 'The currency field is required.',
          address: 'The address field is required.',
          foreign_id: 'The foreign id field is required.',
          amount: 'The amount field is required when amount to is not present.',
        },
      },
    );
    const base = { currency: 'BTC', address: BTC_ADDRESS, foreign_id: 'bad' };
    await refused(
      '/withdrawal/crypto',
      { ...base, currency: 'XYZ', amount: 1 },
      { errors: { currency: 'The selected currency is invalid.' } },
    );
    await refused(
      '/withdrawal/crypto',
      { ...base, amount: '0.001', amount_to: '0.001' },
      { errors: { amount_to: 'The amount to field is prohibited when amount is present.' } },
    );
    await refused('/withdrawal/crypto', { ...base, amount: '0.00001' }, { errors: { amount: 'The amount must be at least 0.00010000.' } });
    await refused(
      '/withdrawal/crypto',
      { ...base, amount: '0.001', address: '0x52908400098527886E0F7030069857D2E4169EE7' },
      { errors: { address: 'The address format is invalid.' } },
    );
    await refused(
      '/withdrawal/crypto',
      { ...base, currency: 'EUR', amount: 20 },
      { errors: { convert_to: 'The convert to field is required when currency is EUR.' } },
    );
    await refused('/withdrawal/crypto', { ...base, amount: '1' }, { errors: { amount: 'Insufficient funds.' } });
    await refused(
      '/withdrawal/crypto',
      { ...base, currency: 'USDTE', address: '0x52908400098527886E0F7030069857D2E4169EE7', amount: '1.1234567' },
      { errors: { amount: 'The amount must have at most 6 decimal places.' } },
    );
    await refused(
      '/withdrawal/crypto',
      { ...base, currency: 'EUR', convert_to: 'BTC', amount_to: '0.001' },
      { errors: { amount_to: 'Insufficient funds.' } },
    );
    assert.equal(await balanceOf(m.client, 'BTC'), '0.00995000');
  });

  it('exchange: unknown currencies, the same currency twice, XOR, minimum, insufficient funds', async () => {
    await refused(
      '/exchange/calculate',
      { sender_currency: 'BTC', receiver_currency: 'NOPE', sender_amount: 1 },
      { errors: { receiver_currency: 'The selected receiver currency is invalid.' } },
    );
    await refused(
      '/exchange/calculate',
      { sender_currency: 'BTC', receiver_currency: 'BTC', sender_amount: 1 },
      { errors: { sender_currency: 'Exchange is unavailable for given currencies' } },
    );
    await refused(
      '/exchange/calculate',
      { sender_currency: 'BTC', receiver_currency: 'EUR' },
      { errors: { sender_amount: 'The sender amount field is required when receiver amount is not present.' } },
    );
    await refused(
      '/exchange/now',
      { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: 1, foreign_id: 'x' },
      { errors: { sender_amount: 'The sender amount must be at least 10.00.' } },
    );
    await refused(
      '/exchange/now',
      { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: 100, foreign_id: 'x' },
      { errors: { sender_amount: 'Insufficient funds.' } },
    );
    await refused(
      '/exchange/fixed',
      { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.001', foreign_id: 'x' },
      { errors: { price: 'The price field is required.' } },
    );
    assert.equal(await balanceOf(m.client, 'EUR'), '0.00000000');
  });

  it("another merchant never sees an organisation's addresses, withdrawals or foreign_ids", async () => {
    const { data: mine } = json(await m.client.post('/addresses/take', { currency: 'BTC', foreign_id: 'shared-id' }));
    const { data: theirs } = json(await other.client.post('/addresses/take', { currency: 'BTC', foreign_id: 'shared-id' }));
    assert.notEqual(theirs.address, mine.address);
    assert.notEqual(theirs.id, mine.id);
    // Paying my address through their key: not found for them.
    await refused(
      `/sandbox/addresses/${mine.address}/payments`,
      { amount: '0.01' },
      { errors: { address: 'Address not found.' } },
      other.client,
    );
    // The same withdrawal foreign_id is a new withdrawal for them (refused on their empty balance), never mine.
    const w = await m.client.post('/withdrawal/crypto', { currency: 'BTC', address: BTC_ADDRESS, amount: '0.001', foreign_id: 'w-shared' });
    assert.equal(w.statusCode, 201);
    await refused(
      '/withdrawal/crypto',
      { currency: 'BTC', address: BTC_ADDRESS, amount: '0.001', foreign_id: 'w-shared' },
      { errors: { amount: 'Insufficient funds.' } },
      other.client,
    );
    await refused('/sandbox/withdrawals/w-shared/complete', {}, { errors: { foreign_id: 'Withdrawal not found.' } }, other.client);
    assert.equal(await balanceOf(other.client, 'BTC'), '0.00000000');
  });

  it('sandbox deposit reports: unknown txid, a txid taken twice', async () => {
    const { data: a } = json(await m.client.post('/addresses/take', { currency: 'BTC', foreign_id: 'tx-check' }));
    await refused(`/sandbox/addresses/${a.address}/confirmations`, { txid: 'nope' }, { errors: { txid: 'Transaction not found.' } });
    assert.equal((await m.client.post(`/sandbox/addresses/${a.address}/payments`, { amount: '0.01', txid: 'dup' })).statusCode, 200);
    await refused(
      `/sandbox/addresses/${a.address}/payments`,
      { amount: '0.01', txid: 'dup' },
      { errors: { txid: 'The txid has already been taken.' } },
    );
  });

  it('futures are refused in the vendor shape (never 403 required_header_key)', async () => {
    for (const path of ['/futures/rates', '/futures/confirm']) {
      await refused(
        path,
        { address: 'x' },
        { error: 'Futures are not available; use exchange/calculate and exchange/fixed.', code: 'futures_unavailable' },
      );
    }
  });

  it('a network that holds no funds cannot withdraw, exchange or take deposit addresses (400 operation_unavailable)', async () => {
    const sandbox = networkOf(ctx().deps);
    useNetwork(ctx().deps, { ...sandbox, custodial: false });
    try {
      await refused(
        '/withdrawal/crypto',
        { currency: 'BTC', address: BTC_ADDRESS, amount: '0.001', foreign_id: 'nc' },
        { error: 'Withdrawals are not available on this payment network.', code: 'operation_unavailable' },
      );
      await refused(
        '/exchange/now',
        { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.001', foreign_id: 'nc' },
        { error: 'Exchanges are not available on this payment network.', code: 'operation_unavailable' },
      );
      // Nor hand out permanent deposit addresses: a live watcher follows invoice addresses only.
      await refused(
        '/addresses/take',
        { currency: 'ETH', foreign_id: 'nc' },
        { error: 'Permanent deposit addresses are not available on this payment network.', code: 'operation_unavailable' },
      );
    } finally {
      useNetwork(ctx().deps, sandbox);
    }
  });

  it('unsigned calls get the 403s, not 404s', async () => {
    const res = await ctx().app.inject({
      method: 'POST',
      url: '/api/v2/withdrawal/crypto',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 403);
  });
});
