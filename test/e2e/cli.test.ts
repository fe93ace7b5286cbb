import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { preparedDataDir, runCli, startServerProcess, tempDataDir } from '../helpers/process.js';
import { createPostgresDatabase } from '../helpers/db.js';
import { lockDataDir } from '../../src/db/data-dir-lock.js';

const SECRET_KEY = 'cd'.repeat(32);

describe('CLI', () => {
  it('exits 1 with one line naming the invalid variable', async () => {
    const result = await runCli(['migrate'], { PORT: 'abc', DATA_DIR: tempDataDir() });
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /PORT/);
  });

  it('migrates, then creates an organisation as JSON on the embedded database', async () => {
    const dataDir = tempDataDir();
    const migrated = await runCli(['migrate'], { DATA_DIR: dataDir });
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /applied: 1_foundation/);
    const again = await runCli(['migrate'], { DATA_DIR: dataDir });
    assert.match(again.stdout, /up to date/);

    const created = await runCli(['org', 'create', '--name', 'Acme GmbH', '--json'], { DATA_DIR: dataDir });
    assert.equal(created.code, 0, created.stderr);
    const body = JSON.parse(created.stdout);
    assert.equal(body.organisation.name, 'Acme GmbH');
    assert.match(body.apiToken, /^api_/);
    assert.ok(body.merchant.key && body.merchant.secret);
    // The generated encryption key stays in the data directory, private to its owner.
    assert.equal(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777, 0o600);
    // The lock is released when the command ends.
    lockDataDir(dataDir).release();
  });

  it('refuses to open a data directory a running server holds, and points to the admin API', async () => {
    const dataDir = await preparedDataDir();
    const server = await startServerProcess({ DATA_DIR: dataDir });
    try {
      const result = await runCli(['org', 'create', '--name', 'Intruder'], { DATA_DIR: dataDir });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /in use by another offerpay process/);
      assert.match(result.stderr, /admin API/);
      // The server is unharmed.
      assert.equal((await fetch(`${server.baseUrl}/readyz`)).status, 200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('creates an organisation on PostgreSQL', { skip: !process.env.TEST_DATABASE_URL && 'TEST_DATABASE_URL not set' }, async () => {
    const db = await createPostgresDatabase();
    try {
      const result = await runCli(['org', 'create', '--name', 'PG Org'], { DATABASE_URL: db.url, SECRET_KEY });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /API token\s+api_/);
    } finally {
      await db.drop();
    }
  });
});
