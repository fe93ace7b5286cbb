// The watcher against a chain that changes under it (Anvil's anvil_rollback) and a server that was
// away: a payment whose block is dropped before it is final is withdrawn (the invoice back to
// pending, with a callback) and never confirms; mined again, it counts once; money mined while no
// watcher ran is found from the durable cursor.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parseEther } from 'viem';
import { createEvmChain } from '../../src/invoices/network/evm/chain.js';
import { createEvmWatcher } from '../../src/invoices/network/evm/watcher.js';
import { describeEachEngine } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { startAnvil, type Anvil } from './anvil.js';
import { anvilNetwork, CONFIRMATIONS, liveMerchant, type LiveMerchant } from './support.js';

describeEachEngine('live EVM invoices: reorganisations and restarts', (ctx) => {
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

  const create = (foreignId: string) => m.ethInvoice(foreignId);

  it('a reorganisation drops the paying block before it is final: withdrawn, not confirmed; mined again, counted once', async () => {
    const invoice = await create('reorg-1');
    const sent = await anvil.pay(invoice.address, parseEther('0.01'));
    await anvil.mine();
    await m.watcher.runOnce();
    assert.equal((await m.info('reorg-1')).status, 'processing');

    // The paying block is dropped and the chain grows past it on another branch.
    await anvil.rollback(1);
    await anvil.mine(2);
    const run = await m.watcher.runOnce();
    assert.equal(run.withdrawn, 1);
    let info = await m.info('reorg-1');
    assert.equal(info.status, 'pending');
    assert.deepEqual(info.transactions, []);
    await anvil.mine(CONFIRMATIONS);
    await m.watcher.runOnce();
    assert.equal((await m.info('reorg-1')).status, 'pending', 'a withdrawn payment never confirms');

    // The payer's same transaction is mined again, in a later block.
    await anvil.client.sendRawTransaction({ serializedTransaction: sent.raw });
    await anvil.mine();
    await m.watcher.runOnce();
    await anvil.mine(CONFIRMATIONS);
    await m.watcher.runOnce();
    info = await m.info('reorg-1');
    assert.equal(info.status, 'confirmed');
    assert.deepEqual(
      info.transactions.map((t: any) => [t.txid, t.amount]),
      [[sent.hash, '0.01000000']],
    );
    assert.deepEqual(
      (await m.callbacks('reorg-1')).map((c) => c.status),
      ['processing', 'pending', 'processing', 'confirmed'],
    );
  });

  it('a rollback that shortens the chain below the processed tip is noticed too', async () => {
    const invoice = await create('reorg-2');
    await anvil.pay(invoice.address, parseEther('0.01'));
    await anvil.mine();
    await m.watcher.runOnce();
    await anvil.mine();
    await m.watcher.runOnce();
    assert.equal((await m.info('reorg-2')).transactions[0].confirmations, '2');
    await anvil.rollback(2);
    assert.equal((await m.watcher.runOnce()).withdrawn, 1);
    assert.equal((await m.info('reorg-2')).status, 'pending');
  });

  it('a server stopped while a payment is mined: started again, it resumes from its cursor and finds the payment', async () => {
    const invoice = await create('restart-1');
    await m.watcher.release(); // the server stops
    await anvil.pay(invoice.address, parseEther('0.01'));
    await anvil.mine(CONFIRMATIONS + 2);
    // A new server: a new chain client and watcher over the same database.
    const restarted = createEvmWatcher(ctx().deps, createEvmChain(m.chain.config));
    const run = await restarted.runOnce();
    assert.equal(run.payments, 1);
    assert.equal(run.blocks, CONFIRMATIONS + 2);
    assert.equal((await m.info('restart-1')).status, 'confirmed');
    await restarted.release();
  });
});
