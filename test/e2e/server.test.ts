import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lockDataDir } from '../../src/db/data-dir-lock.js';
import { preparedDataDir, startServerProcess, tempDataDir } from '../helpers/process.js';

describe('server process', () => {
  it('first start on an empty data directory prints working demo credentials; a restart prints none', async () => {
    const dataDir = tempDataDir();
    const first = await startServerProcess({ DATA_DIR: dataDir });
    let token: string;
    try {
      const out = first.output();
      token = /Offers API token\s+(api_\S+)/.exec(out)?.[1] ?? '';
      assert.ok(token, out);
      assert.match(out, /Merchant key\s+\S+/);
      assert.match(out, /Merchant secret\s+\S+/);
      assert.match(out, /\/docs/);
      const docs = await fetch(`${first.baseUrl}/docs/`);
      assert.equal(docs.status, 200);
    } finally {
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0);
    }
    // Released on exit: this process can take the lock, then the second server can.
    lockDataDir(dataDir).release();

    const second = await startServerProcess({ DATA_DIR: dataDir });
    try {
      assert.doesNotMatch(second.output(), /Offers API token/);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('never logs tokens or secrets', async () => {
    const dataDir = await preparedDataDir();
    const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      const token = /Offers API token\s+(api_\S+)/.exec(server.output())![1]!;
      const banner = server.output();
      await fetch(`${server.baseUrl}/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
      await fetch(`${server.baseUrl}/o/secret-link-token-123`);
      await new Promise((r) => setTimeout(r, 200));
      const logs = server.output().slice(banner.length);
      assert.ok(logs.includes('"statusCode"'), 'request logs are written');
      assert.ok(!logs.includes(token));
      assert.ok(!logs.includes('secret-link-token-123'));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('does not create a demo organisation in production', async () => {
    const server = await startServerProcess({ DATA_DIR: await preparedDataDir(), NODE_ENV: 'production' });
    try {
      assert.doesNotMatch(server.output(), /demo organisation/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
