// What a start does not load: the live networks' client (viem) without EVM_NETWORKS, the mailer
// (nodemailer) before a first e-mail, the xpub code before a merchant setting needs it. With
// EVM_NETWORKS the live network is loaded at start and served as before.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { freePort, preparedDataDir } from '../helpers/process.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The URLs of every ES module a fresh process loads to import `modules` (a module-loader hook records them). */
function loadedBy(modules: string[]): string[] {
  const record = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-imports-')), 'loaded.txt');
  const hook = `import fs from 'node:fs'; export async function load(url, context, next) { fs.appendFileSync(${JSON.stringify(record)}, url + '\\n'); return next(url, context); }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const script = modules.map((m) => `await import(${JSON.stringify(path.join(root, m))});`).join('');
  const run = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  const loaded = fs.readFileSync(record, 'utf8').split('\n');
  fs.rmSync(path.dirname(record), { recursive: true, force: true });
  return loaded;
}

describe('start-up loads only what it needs', () => {
  it('importing the server and the app loads neither viem, @scure/bip32 nor nodemailer', () => {
    const loaded = loadedBy(['src/server.ts', 'src/app.ts']);
    assert.ok(
      loaded.some((u) => u.endsWith('/src/invoices/routes.ts')),
      'the hook saw the app load',
    );
    for (const lazy of [
      '/node_modules/viem/',
      '/node_modules/@scure/bip32/',
      '/node_modules/nodemailer/',
      '/src/invoices/network/evm/start.ts',
    ])
      assert.deepEqual(
        loaded.filter((u) => u.includes(lazy)),
        [],
        `${lazy} is loaded at start`,
      );
  });

  it('with EVM_NETWORKS, the server loads the live network at start and serves', async () => {
    const port = await freePort();
    const rpc = await freePort(); // nothing listens: the watcher's failures go to the (silent) log
    const server = await startServer(
      loadConfig({
        DATA_DIR: await preparedDataDir(),
        PORT: String(port),
        LOG_LEVEL: 'silent',
        EVM_NETWORKS: JSON.stringify([
          {
            name: 'anvil',
            rpcUrl: `http://127.0.0.1:${rpc}`,
            chainId: 31337,
            confirmations: 1,
            pollIntervalMs: 60_000,
            currencies: { ETH: { native: true, priceId: 'ethereum' } },
          },
        ]),
      }),
      { out: new Writable({ write: (_c, _e, cb) => cb() }) },
    );
    try {
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    } finally {
      await server.stop();
    }
  });
});
