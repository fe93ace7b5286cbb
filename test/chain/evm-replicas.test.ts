// Several servers on one database: exactly one watcher follows a chain (a lease in evm_cursors),
// no payment is counted twice however the two race, and when the leader dies (stops renewing) the
// other takes over once the lease expires. On PostgreSQL each server has its own connection pool,
// as two processes would; PGlite (one process) shares its one connection.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseEther } from 'viem';
import type { Database } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { createEvmChain } from '../../src/invoices/network/evm/chain.js';
import { createEvmWatcher, type EvmWatcher } from '../../src/invoices/network/evm/watcher.js';
import { describeEachEngine } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../webhooks/helpers.js';
import { startAnvil, type Anvil } from './anvil.js';
import { anvilNetwork, CONFIRMATIONS, liveMerchant, type LiveMerchant } from './support.js';

const LEASE_MS = 4000;

describeEachEngine('live EVM invoices: one watcher per chain across servers', (ctx) => {
  let anvil: Anvil;
  let receiver: Receiver;
  let m: LiveMerchant;
  let secondDb: Database | null = null;
  let a: EvmWatcher;
  let b: EvmWatcher;
  before(async () => {
    anvil = await startAnvil();
    receiver = await startReceiver();
    m = await liveMerchant(ctx(), anvilNetwork(anvil, await anvil.deployToken()), receiver);
    await m.watcher.release();
    const t = ctx();
    secondDb = t.testDb.url ? await openPostgres(t.testDb.url, { max: 4 }) : null;
    const deps2 = { ...t.deps, db: secondDb ?? t.deps.db, secretKey: crypto.randomBytes(32) };
    a = createEvmWatcher(t.deps, createEvmChain(m.chain.config), { owner: 'server-a', leaseMs: LEASE_MS });
    b = createEvmWatcher(deps2, createEvmChain(m.chain.config), { owner: 'server-b', leaseMs: LEASE_MS });
  });
  after(async () => {
    await secondDb?.close();
    await receiver.close();
    await anvil.stop();
  });

  const create = (foreignId: string) => m.ethInvoice(foreignId);
  const paymentsOf = async (foreignId: string) => {
    const { rows } = await ctx().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM evm_payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.foreign_id = $1',
      [foreignId],
    );
    return rows[0]!.n;
  };

  it('two servers racing: one leader at a time, every payment counted once', async () => {
    const invoices = await Promise.all(['rep-1', 'rep-2', 'rep-3'].map(create));
    for (const invoice of invoices) {
      await anvil.pay(invoice.address, parseEther('0.01'));
      await anvil.mine();
      const runs = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      const leaders = new Set(runs.flatMap((r, i) => (r.leader ? [i % 2 === 0 ? 'a' : 'b'] : [])));
      assert.equal(leaders.size, 1, 'exactly one server follows the chain');
      assert.equal(
        runs.reduce((n, r) => n + r.payments, 0),
        1,
      );
    }
    await anvil.mine(CONFIRMATIONS);
    await Promise.all([a.runOnce(), b.runOnce()]);
    for (const id of ['rep-1', 'rep-2', 'rep-3']) {
      const info = await m.info(id);
      assert.equal(info.status, 'confirmed');
      assert.equal(info.transactions.length, 1);
      assert.equal(await paymentsOf(id), 1);
    }
  });

  it('the leader dies: the other server takes over once its lease expires, and finds what was mined meanwhile', async () => {
    const { rows } = await ctx().db.query<{ lease_owner: string }>('SELECT lease_owner FROM evm_cursors');
    const [leader, other] = rows[0]!.lease_owner === 'server-a' ? [a, b] : [b, a];
    const invoice = await create('rep-takeover');
    assert.equal((await leader.runOnce()).leader, true, 'its last renewal');
    await anvil.pay(invoice.address, parseEther('0.01'));
    await anvil.mine(CONFIRMATIONS);
    // The leader is gone without releasing its lease: the other waits it out.
    assert.equal((await other.runOnce()).leader, false);
    await sleep(LEASE_MS + 200);
    const run = await other.runOnce();
    assert.equal(run.leader, true);
    assert.equal(run.payments, 1);
    assert.equal((await m.info('rep-takeover')).status, 'confirmed');
    // Back from the dead, the old leader does not get it back while the new one renews.
    assert.equal((await leader.runOnce()).leader, false);
    assert.equal(await paymentsOf('rep-takeover'), 1);
  });
});
