// Live EVM invoices on a real local chain (Anvil): the deposit address is the merchant's own
// (xpub/0/i, checked against an independent derivation), the watcher finds native ETH and ERC-20
// payments, an invoice is processing at the paying block and confirmed at the configured depth,
// short, over and late payments end as the sandbox's do, and the callbacks arrive in order.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parseEther } from 'viem';
import { runDueInvoiceTimers } from '../../src/invoices/worker.js';
import { describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody } from '../helpers/merchant.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { merchantAddress, startAnvil, type Anvil } from './anvil.js';
import { anvilNetwork, CONFIRMATIONS, liveMerchant, type LiveMerchant } from './support.js';

const clock = new ManualClock(new Date());

describeEachEngine(
  'live EVM invoices',
  (ctx) => {
    let anvil: Anvil;
    let receiver: Receiver;
    let m: LiveMerchant;
    let token: `0x${string}`;
    before(async () => {
      anvil = await startAnvil();
      receiver = await startReceiver();
      token = await anvil.deployToken();
      m = await liveMerchant(ctx(), anvilNetwork(anvil, token), receiver);
    });
    after(async () => {
      await receiver.close();
      await anvil.stop();
    });

    /** Mines `blocks` and lets the watcher follow. */
    const mine = async (blocks = 1) => {
      await anvil.mine(blocks);
      return m.watcher.runOnce();
    };
    const create = async (overrides: Record<string, unknown>) => {
      const response = await m.client.post('/invoices/create', invoiceBody({ timer: true, currency: 'USD', ...overrides }));
      assert.equal(response.statusCode, 200, response.body);
      return json(response).data;
    };

    it('ETH paid exactly: the merchant-derived address, processing at the first block, confirmed at the configured depth', async () => {
      const invoice = await create({ foreign_id: 'eth-exact', amount: '35', sender_currency: 'ETH' });
      assert.equal(invoice.sender_amount, '0.01000000');
      assert.equal(invoice.address, merchantAddress(0), 'deposit address 0 of the merchant');
      await anvil.pay(invoice.address, parseEther('0.01'));
      assert.equal((await m.info('eth-exact')).status, 'created', 'nothing before the block');
      const run = await mine();
      assert.equal(run.payments, 1);
      let info = await m.info('eth-exact');
      assert.equal(info.status, 'processing');
      assert.equal(info.transactions.length, 1);
      assert.equal(info.transactions[0].confirmations, '1');
      assert.equal(info.transactions[0].amount, '0.01000000');
      for (let depth = 2; depth < CONFIRMATIONS; depth++) {
        await mine();
        assert.equal((await m.info('eth-exact')).status, 'processing', `at ${depth} confirmations`);
      }
      await mine();
      info = await m.info('eth-exact');
      assert.equal(info.status, 'confirmed');
      assert.equal(info.transactions[0].confirmations, String(CONFIRMATIONS));
      // Mining on changes nothing, and nothing is counted twice.
      await mine(2);
      assert.equal((await m.info('eth-exact')).transactions.length, 1);
      const callbacks = await m.callbacks('eth-exact');
      assert.deepEqual(
        callbacks.map((c) => c.status),
        ['processing', 'confirmed'],
      );
      assert.equal(callbacks[1].currency_sent.amount, '0.01000000');
    });

    it('ETH paid short (fill_or_kill): pending at the block, failed paid-less once final', async () => {
      const invoice = await create({ foreign_id: 'eth-short', amount: '35', sender_currency: 'ETH' });
      assert.equal(invoice.address, merchantAddress(1), 'the next index: an address is never reused');
      await anvil.pay(invoice.address, parseEther('0.004'));
      await mine();
      assert.equal((await m.info('eth-short')).status, 'pending');
      await mine(CONFIRMATIONS - 1);
      const info = await m.info('eth-short');
      assert.equal(info.status, 'failed');
      assert.equal(info.error, 'Timer expired. User paid less than requested.');
      assert.deepEqual(
        (await m.callbacks('eth-short')).map((c) => [c.status, c.currency_sent.remaining_amount]),
        [
          ['pending', '0.00600000'],
          ['failed', '0.00600000'],
        ],
      );
    });

    it('ETH overpaid: confirmed, the surplus shown as sent', async () => {
      const invoice = await create({ foreign_id: 'eth-over', amount: '35', sender_currency: 'ETH' });
      await anvil.pay(invoice.address, parseEther('0.025'));
      await mine(CONFIRMATIONS);
      const info = await m.info('eth-over');
      assert.equal(info.status, 'confirmed');
      assert.equal(info.currency_sent.amount, '0.02500000');
      assert.deepEqual(
        (await m.callbacks('eth-over')).map((c) => c.status),
        ['processing', 'confirmed'],
      );
    });

    it('ETH paid late, to a failed invoice: kept as its transaction and booked, the status and callbacks unchanged', async () => {
      const invoice = await create({ foreign_id: 'eth-late', amount: '35', sender_currency: 'ETH' });
      clock.advance(16 * 60_000);
      await runDueInvoiceTimers(ctx().deps);
      assert.equal((await m.info('eth-late')).error, 'Timer expired. User not paid.');
      await anvil.pay(invoice.address, parseEther('0.01'));
      await mine(CONFIRMATIONS);
      const info = await m.info('eth-late');
      assert.equal(info.status, 'failed');
      assert.deepEqual(
        info.transactions.map((t: any) => [t.amount, t.confirmations]),
        [['0.01000000', String(CONFIRMATIONS)]],
      );
      assert.deepEqual(
        (await m.callbacks('eth-late')).map((c) => c.status),
        ['failed'],
      );
      const { rows } = await ctx().db.query<{ kind: string; amount: bigint }>(
        "SELECT kind, amount FROM ledger_entries WHERE invoice_id = $1 AND kind = 'deposit'",
        [BigInt(invoice.id)],
      );
      assert.deepEqual(
        rows.map((r) => r.amount),
        [1_000_000n],
      );
    });

    it('an ERC-20 token (USDTE, decimals read from the chain): exact, short and over, only Transfer logs to watched addresses', async () => {
      const exact = await create({ foreign_id: 'tok-exact', amount: '35', sender_currency: 'USDTE' });
      const short = await create({ foreign_id: 'tok-short', amount: '35', sender_currency: 'USDTE', type: 'good_until_expired' });
      const over = await create({ foreign_id: 'tok-over', amount: '35', sender_currency: 'USDTE' });
      assert.equal(exact.sender_amount, '35.00000000');
      const unit = 10n ** 18n;
      await anvil.payToken(token, exact.address, 35n * unit);
      await anvil.payToken(token, short.address, 20n * unit);
      await anvil.payToken(token, over.address, 36n * unit);
      // Sent to someone else: no invoice's.
      await anvil.payToken(token, merchantAddress(99), 35n * unit);
      // ETH to a token invoice's address is not a token payment.
      await anvil.pay(exact.address, parseEther('1'));
      await mine();
      assert.equal((await m.info('tok-exact')).status, 'processing');
      assert.equal((await m.info('tok-short')).status, 'pending');
      assert.equal((await m.info('tok-over')).status, 'processing');
      await mine(CONFIRMATIONS - 1);
      assert.equal((await m.info('tok-exact')).status, 'confirmed');
      assert.equal((await m.info('tok-over')).status, 'confirmed');
      const partial = await m.info('tok-short');
      assert.equal(partial.status, 'pending', 'a partial-pay invoice waits for the rest');
      assert.equal(partial.currency_sent.remaining_amount, '15.00000000');
      await anvil.payToken(token, short.address, 15n * unit);
      await mine(CONFIRMATIONS);
      assert.equal((await m.info('tok-short')).status, 'confirmed');
      assert.deepEqual(
        (await m.info('tok-exact')).transactions.map((t: any) => [t.currency, t.amount]),
        [['USDTE', '35.00000000']],
      );
      assert.deepEqual(
        (await m.callbacks('tok-short')).map((c) => c.status),
        ['pending', 'processing', 'confirmed'],
      );
    });
  },
  { clock },
);
