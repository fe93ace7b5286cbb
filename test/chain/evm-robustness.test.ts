// The watcher stays on its feet (issue 14): a payment the invoice lifecycle refuses is recorded with
// its error and attempts and retried with backoff while the rest of its block counts and the cursor
// moves on; the addresses of invoices final for longer than the late-payment window are no longer
// watched, while a late payment inside the window is still seen. ETH a contract forwards (an internal
// transfer, in no transaction's `to`) is not seen — documented in docs/merchant.md: the money is in the
// merchant's wallet all the same, but the invoice does not count it.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parseEther } from 'viem';
import { PaymentRefused } from '../../src/invoices/network/evm/report.js';
import { createEvmWatcher, LATE_PAYMENT_WINDOW_MS } from '../../src/invoices/network/evm/watcher.js';
import { runDueInvoiceTimers } from '../../src/invoices/worker.js';
import { describeEachEngine, ManualClock } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { startAnvil, type Anvil } from './anvil.js';
import { anvilNetwork, CONFIRMATIONS, liveMerchant, type LiveMerchant } from './support.js';

const clock = new ManualClock(new Date());

/** A contract that forwards every wei it receives to `to` with a CALL: what a smart-contract wallet does. */
function forwarderBytecode(to: string): `0x${string}` {
  const runtime = `60006000600060003473${to.slice(2).toLowerCase()}5af15000`;
  const init = `6022600c60003960226000f3`;
  return `0x${init}${runtime}`;
}
const DAY = 24 * 60 * 60 * 1000;

describeEachEngine(
  'EVM watcher robustness',
  (ctx) => {
    let anvil: Anvil;
    let receiver: Receiver;
    let m: LiveMerchant;
    before(async () => {
      anvil = await startAnvil();
      receiver = await startReceiver();
      m = await liveMerchant(ctx(), anvilNetwork(anvil, await anvil.deployToken()), receiver);
    });
    after(async () => {
      await receiver.close();
      await anvil.stop();
    });

    const failures = async () =>
      (
        await ctx().db.query<{ invoice_id: bigint; error: string; attempts: number }>(
          'SELECT invoice_id, error, attempts FROM evm_payment_failures',
        )
      ).rows;
    const watched = async (invoiceId: string) =>
      (await ctx().db.query('SELECT 1 FROM evm_watches WHERE invoice_id = $1', [BigInt(invoiceId)])).rows.length;

    it('a refused payment is recorded and retried with backoff; the rest of its block counts and the cursor moves on', async () => {
      const errors: unknown[] = [];
      // The same lease owner as the merchant's watcher, with an onError that collects.
      const watcher = createEvmWatcher(ctx().deps, m.chain, { owner: m.watcher.owner, leaseMs: 60_000, onError: (e) => errors.push(e) });
      const bad = await m.ethInvoice('bad-1');
      const good = await m.ethInvoice('good-1');
      // A row the lifecycle refuses: its currency no longer matches the one the address was given for.
      await ctx().db.query("UPDATE invoices SET sender_currency = 'BTC', email_user = 'payer@example.com' WHERE id = $1", [BigInt(bad.id)]);
      await anvil.pay(bad.address, parseEther('0.01'));
      await anvil.pay(good.address, parseEther('0.01'));
      await anvil.mine();
      const run = await watcher.runOnce();
      assert.deepEqual([run.payments, run.refused], [1, 1]);
      assert.equal((await m.info('good-1')).status, 'processing');
      assert.equal((await m.info('bad-1')).transactions.length, 0);
      assert.deepEqual(
        (await failures()).map((f) => [String(f.invoice_id), f.attempts]),
        [[String(bad.id), 1]],
      );
      assert.match((await failures())[0]!.error, /currency/);
      const head = await anvil.client.getBlockNumber();
      const { rows } = await ctx().db.query<{ next_block: bigint }>('SELECT next_block FROM evm_cursors');
      assert.equal(rows[0]!.next_block, head + 1n, 'the cursor moved past the block');
      // Logged without personal data: chain coordinates, the invoice id and the error text.
      assert.equal(errors.length, 1);
      assert.ok(errors[0] instanceof PaymentRefused);
      assert.match(errors[0].message, new RegExp(`invoice ${bad.id} was refused \\(attempt 1\\)`));
      assert.doesNotMatch(JSON.stringify({ ...errors[0], message: errors[0].message }), /payer@example\.com/);

      // Before its backoff (30 s) nothing is retried, however many blocks pass.
      await anvil.mine();
      assert.equal((await watcher.runOnce()).refused, 0);
      assert.equal((await failures())[0]!.attempts, 1);
      // Still refused after it: one more attempt, a longer wait.
      clock.advance(31_000);
      await anvil.mine();
      await watcher.runOnce();
      assert.equal((await failures())[0]!.attempts, 2);
      assert.equal(errors.length, 2);
      clock.advance(31_000);
      await anvil.mine();
      await watcher.runOnce();
      assert.equal((await failures())[0]!.attempts, 2, 'the second wait is 60 s');

      // The row is fixed: the next attempt goes through, counted once; its block is deep enough by now to confirm it.
      await ctx().db.query("UPDATE invoices SET sender_currency = 'ETH' WHERE id = $1", [BigInt(bad.id)]);
      clock.advance(31_000);
      await anvil.mine();
      assert.ok((await anvil.client.getBlockNumber()) - head >= BigInt(CONFIRMATIONS));
      assert.equal((await watcher.runOnce()).payments, 1);
      assert.deepEqual(await failures(), []);
      await anvil.mine();
      assert.equal((await watcher.runOnce()).payments, 0, 'counted once');
      const info = await m.info('bad-1');
      assert.equal(info.status, 'confirmed');
      assert.equal(info.transactions.length, 1);
      assert.equal((await m.info('good-1')).status, 'confirmed');
      assert.deepEqual(
        (await m.callbacks('bad-1')).map((c) => c.status),
        ['processing', 'confirmed'],
      );
    });

    it('ETH forwarded by a contract (an internal transfer) reaches the address but is not seen', async () => {
      const invoice = await m.ethInvoice('internal-1');
      const hash = await anvil.wallet.deployContract({ abi: [], bytecode: forwarderBytecode(invoice.address) } as never);
      await anvil.mine();
      const forwarder = (await anvil.client.getTransactionReceipt({ hash })).contractAddress!;
      const before = await anvil.client.getBalance({ address: invoice.address });
      await anvil.wallet.sendTransaction({ to: forwarder, value: parseEther('0.01') } as never);
      await anvil.mine();
      assert.equal((await anvil.client.getBalance({ address: invoice.address })) - before, parseEther('0.01'), 'the money arrived');
      assert.equal((await m.watcher.runOnce()).payments, 0);
      assert.equal((await m.info('internal-1')).transactions.length, 0);
      // Sent directly, the same amount is seen.
      await anvil.pay(invoice.address, parseEther('0.01'));
      await anvil.mine();
      assert.equal((await m.watcher.runOnce()).payments, 1);
      assert.equal((await m.info('internal-1')).status, 'processing');
    });

    it('watches of invoices final beyond the late-payment window are pruned; a late payment inside it is still seen', async () => {
      const paid = await m.ethInvoice('prune-paid');
      const unpaid = await m.ethInvoice('prune-unpaid');
      await anvil.pay(paid.address, parseEther('0.01'));
      await anvil.mine(CONFIRMATIONS);
      await m.watcher.runOnce();
      assert.equal((await m.info('prune-paid')).status, 'confirmed');
      clock.advance(16 * 60_000);
      await runDueInvoiceTimers(ctx().deps);
      assert.equal((await m.info('prune-unpaid')).status, 'failed');

      // Inside the window: still watched, a late payment is kept as a transaction.
      clock.advance(LATE_PAYMENT_WINDOW_MS - DAY);
      await anvil.pay(paid.address, parseEther('0.001'));
      await anvil.mine();
      await m.watcher.runOnce();
      assert.equal(await watched(paid.id), 1);
      assert.deepEqual(
        (await m.info('prune-paid')).transactions.map((t: any) => t.amount),
        ['0.01000000', '0.00100000'],
      );

      // Beyond it: neither address is watched, and a payment to one is not seen.
      clock.advance(2 * DAY);
      await anvil.mine();
      await m.watcher.runOnce();
      assert.equal(await watched(paid.id), 0);
      assert.equal(await watched(unpaid.id), 0);
      await anvil.pay(unpaid.address, parseEther('0.01'));
      await anvil.mine();
      assert.equal((await m.watcher.runOnce()).payments, 0);
      assert.equal((await m.info('prune-unpaid')).transactions.length, 0);
      // An open invoice made meanwhile is watched and paid as usual.
      const fresh = await m.ethInvoice('prune-fresh');
      await anvil.pay(fresh.address, parseEther('0.01'));
      await anvil.mine();
      assert.equal((await m.watcher.runOnce()).payments, 1);
    });
  },
  { clock },
);
