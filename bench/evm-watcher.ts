// The EVM chain watcher under load: a local Anvil chain, 1,000 watched invoice addresses and 50
// payments per block (each to a different invoice); one block is mined per run and the watcher
// follows it. Prints the wall and CPU time of each run (the process's CPU: on PGlite that includes
// the embedded database; with --engine postgres and TEST_DATABASE_URL the database is elsewhere).
// Keeping up at 1 block/s means a run's wall time stays under 1,000 ms; the load average is printed with it.
//   node --import tsx bench/evm-watcher.ts [--engine pglite|postgres] [--blocks 20]
import os from 'node:os';
import { parseEther } from 'viem';
import { json, createTestApp } from '../test/helpers/app.js';
import { invoiceBody } from '../test/helpers/merchant.js';
import { startAnvil } from '../test/chain/anvil.js';
import { anvilNetwork, liveNetwork, makeMerchantLive } from '../test/chain/support.js';
import { merchantClient } from '../test/helpers/merchant.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const engine = arg('engine', 'pglite') as 'pglite' | 'postgres';
const BLOCKS = Number(arg('blocks', '20'));
const WATCHED = 1000;
const PER_BLOCK = 50;

const anvil = await startAnvil();
const t = await createTestApp(engine);
try {
  const token = await anvil.deployToken();
  const org = await t.newOrganisation();
  await makeMerchantLive(t, org.organisation.id);
  const { watcher } = await liveNetwork(t.deps, anvilNetwork(anvil, token));
  const client = merchantClient(t.app, org.merchant);
  const addresses: string[] = [];
  for (let i = 0; i < WATCHED; i++) {
    const r = await client.post('/invoices/create', invoiceBody({ timer: true, currency: 'USD', amount: '35', sender_currency: 'ETH' }));
    addresses.push(json(r).data.address);
  }
  await watcher.runOnce();
  const rows: Array<{ wall: number; cpu: number; payments: number }> = [];
  for (let b = 0; b < BLOCKS; b++) {
    for (let p = 0; p < PER_BLOCK; p++) await anvil.pay(addresses[(b * PER_BLOCK + p) % WATCHED]!, parseEther('0.001'));
    await anvil.mine();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const run = await watcher.runOnce();
    const used = process.cpuUsage(cpu);
    rows.push({ wall: performance.now() - start, cpu: (used.user + used.system) / 1000, payments: run.payments });
  }
  const sorted = (k: 'wall' | 'cpu') => rows.map((r) => r[k]).sort((x, y) => x - y);
  const pct = (k: 'wall' | 'cpu', q: number) => sorted(k)[Math.min(rows.length - 1, Math.floor(q * rows.length))]!.toFixed(0);
  console.log(`engine ${engine} · ${WATCHED} watched addresses · ${PER_BLOCK} payments per block · ${BLOCKS} blocks`);
  console.log(`payments found: ${rows.reduce((n, r) => n + r.payments, 0)} of ${BLOCKS * PER_BLOCK}`);
  console.log(
    `per block: wall p50 ${pct('wall', 0.5)} ms, max ${pct('wall', 1)} ms; CPU p50 ${pct('cpu', 0.5)} ms, max ${pct('cpu', 1)} ms`,
  );
  console.log(`keeps up at 1 block/s: ${rows.every((r) => r.wall < 1000) ? 'yes' : 'no'}`);
  // The host is shared: the numbers mean little without the load they were measured under.
  console.log(
    `load average (1/5/15 min) at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} on ${os.cpus().length} cores`,
  );
} finally {
  await t.close();
  await anvil.stop();
}
