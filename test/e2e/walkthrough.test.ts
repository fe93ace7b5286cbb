// The README's first walk-through, step by step, against a real server process: the first start
// prints the shell line the README then uses, every call answers what the README shows, and a
// restart prints the URL (and no credentials). Lost credentials come back through the CLI.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { preparedDataDir, runCli, startServerProcess, tempDataDir } from '../helpers/process.js';

const SHELL_LINE = /^\s*TOKEN=(api_[A-Za-z0-9_-]+); KEY=([0-9a-f]+); SECRET=([0-9a-f]+); B=(\S+)$/m;

const sign = (secret: string, body: string) => crypto.createHmac('sha512', secret).update(body).digest('hex');

async function merchantPost(base: string, key: string, secret: string, path: string, body: string) {
  return fetch(`${base}/api/v2${path}`, {
    method: 'POST',
    headers: { 'x-processing-key': key, 'x-processing-signature': sign(secret, body), 'content-type': 'application/json' },
    body,
  });
}

describe('README walk-through', () => {
  it('first start prints TOKEN=…; KEY=…; SECRET=…; B=… and every step answers as printed; a restart prints the URL', async () => {
    const dataDir = tempDataDir();
    const first = await startServerProcess({ DATA_DIR: dataDir });
    let token: string;
    try {
      const match = SHELL_LINE.exec(first.output());
      assert.ok(match, first.output());
      const [, TOKEN, KEY, SECRET, B] = match as unknown as [string, string, string, string, string];
      token = TOKEN;
      assert.equal(B, first.baseUrl);
      const api = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

      assert.deepEqual(await (await fetch(`${B}/healthz`)).json(), { status: 'ok' });
      const created = await fetch(`${B}/offers`, {
        method: 'POST',
        headers: api,
        body: JSON.stringify({
          name: 'Website relaunch',
          acceptanceMode: 'esignature',
          recipients: [{ email: 'anna@example.com', firstName: 'Anna', lastName: 'Muster', role: 'sign' }],
        }),
      });
      assert.equal(created.status, 201);
      const { id } = (await created.json()) as { id: string };
      const published = await fetch(`${B}/api/offers/${id}/publish`, { method: 'POST', headers: api, body: '{}' });
      assert.deepEqual(await published.json(), { outcome: 'PUBLISHED', requestId: null });
      const list = (await (await fetch(`${B}/offers?status[]=signing&order[createdAt]=desc`, { headers: api })).json()) as {
        data: { id: string }[];
      };
      assert.deepEqual(
        list.data.map((o) => o.id),
        [id],
      );
      const cancelled = await fetch(`${B}/offers/${id}/cancel-signing`, { method: 'POST', headers: { authorization: api.authorization } });
      assert.deepEqual(await cancelled.json(), { status: 'open' });

      const invoice = JSON.stringify({
        timer: false,
        title: 'Order 1',
        currency: 'EUR',
        amount: '25.00',
        foreign_id: 'order-1',
        url_success: 'https://shop.example.com/ok',
        url_failed: 'https://shop.example.com/failed',
      });
      const createdInvoice = (await (await merchantPost(B, KEY, SECRET, '/invoices/create', invoice)).json()) as {
        data: { status: string };
      };
      assert.equal(createdInvoice.data.status, 'created');
      const cancelledInvoice = await merchantPost(B, KEY, SECRET, '/invoices/order-1/cancel/', '{}');
      assert.equal(cancelledInvoice.status, 200);
      assert.deepEqual(await cancelledInvoice.json(), []);
    } finally {
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0);
    }

    const second = await startServerProcess({ DATA_DIR: dataDir });
    try {
      assert.match(second.output(), new RegExp(`serving on ${second.baseUrl.replaceAll('.', '\\.')} \\(API reference: .*/docs\\)`));
      assert.doesNotMatch(second.output(), /TOKEN=/);
      assert.ok(!second.output().includes(token));
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('lost credentials come back from the command line: token create and merchant-key rotate', async () => {
    const dataDir = await preparedDataDir();
    const org = await runCli(['org', 'create', '--name', 'Acme GmbH', '--json'], { DATA_DIR: dataDir });
    assert.equal(org.code, 0, org.stderr);
    const { organisation, merchant: oldPair } = JSON.parse(org.stdout) as {
      organisation: { id: string };
      merchant: { key: string; secret: string };
    };

    const issued = await runCli(['token', 'create', '--org', organisation.id, '--scopes', 'offer:read', '--label', 'Anna', '--json'], {
      DATA_DIR: dataDir,
    });
    assert.equal(issued.code, 0, issued.stderr);
    const newToken = JSON.parse(issued.stdout) as { token: string; label: string; scopes: string[] };
    assert.match(newToken.token, /^api_/);
    assert.equal(newToken.label, 'Anna');
    assert.deepEqual(newToken.scopes, ['offer:read']);
    const human = await runCli(['token', 'create', '--org', organisation.id], { DATA_DIR: dataDir });
    assert.match(human.stdout, /^In a shell: TOKEN=api_\S+$/m);

    const rotated = await runCli(['merchant-key', 'rotate', '--org', organisation.id, '--json'], { DATA_DIR: dataDir });
    assert.equal(rotated.code, 0, rotated.stderr);
    const newPair = JSON.parse(rotated.stdout) as { key: string; secret: string };
    assert.notEqual(newPair.key, oldPair.key);

    // Refused cleanly: unknown organisation, malformed id, unknown scope.
    for (const args of [
      ['token', 'create', '--org', crypto.randomUUID()],
      ['merchant-key', 'rotate', '--org', 'not-an-id'],
      ['token', 'create', '--org', organisation.id, '--scopes', 'everything'],
    ]) {
      const refused = await runCli(args, { DATA_DIR: dataDir });
      assert.equal(refused.code, 1, args.join(' '));
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    }

    const server = await startServerProcess({ DATA_DIR: dataDir, NODE_ENV: 'production' });
    try {
      const offers = await fetch(`${server.baseUrl}/offers`, { headers: { authorization: `Bearer ${newToken.token}` } });
      assert.equal(offers.status, 200);
      const write = await fetch(`${server.baseUrl}/offers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${newToken.token}`, 'content-type': 'application/json' },
        body: '{"name": "x"}',
      });
      assert.equal(write.status, 403, 'the token has only the scope it was given');
      const accounts = '{}';
      assert.equal((await merchantPost(server.baseUrl, newPair.key, newPair.secret, '/accounts/list', accounts)).status, 200);
      const old = await merchantPost(server.baseUrl, oldPair.key, oldPair.secret, '/accounts/list', accounts);
      assert.equal(old.status, 403);
      assert.deepEqual(await old.json(), { error: 'Bad key header', code: 'bad_header_key' });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('creates a missing data directory private to its owner (0700)', async () => {
    const dataDir = path.join(tempDataDir(), 'fresh', 'data');
    const migrated = await runCli(['migrate'], { DATA_DIR: dataDir });
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.dirname(dataDir)).mode & 0o777, 0o700, 'and the folders above it that it created');
  });
});
