// REQUEST_LOG: Fastify's two access lines per request (all, the default), one line for answers of
// 400 and more (errors), or none (off). Whatever the mode, a line carries the request's id.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { freshDatabase } from '../helpers/db.js';
import { tempDataDir } from '../helpers/app.js';

async function logLines(env: Record<string, string>, withFailure = false): Promise<{ lines: Record<string, any>[]; ids: string[] }> {
  const testDb = await freshDatabase('pglite');
  const lines: Record<string, any>[] = [];
  const dataDir = tempDataDir();
  const config = loadConfig({ DATA_DIR: dataDir, RATE_LIMITS: 'off', ...env });
  const app = await buildApp(
    { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock: { now: () => new Date() } },
    { logStream: { write: (line) => lines.push(JSON.parse(line)) } },
  );
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  try {
    const ok = await app.inject({ method: 'GET', url: '/healthz' });
    const missing = await app.inject({ method: 'GET', url: '/no-such-route?token=secret' });
    assert.equal(ok.statusCode, 200);
    assert.equal(missing.statusCode, 404);
    if (withFailure) assert.equal((await app.inject({ method: 'GET', url: '/boom' })).statusCode, 500);
    return {
      lines: lines.filter((l) => l.reqId !== undefined),
      ids: [String(ok.headers['x-request-id']), String(missing.headers['x-request-id'])],
    };
  } finally {
    await app.close();
    await testDb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('request log (REQUEST_LOG)', () => {
  it('all (the default): an incoming and a completed line for every request', async () => {
    const { lines, ids } = await logLines({});
    assert.deepEqual(
      lines.map((l) => [l.reqId, l.msg]),
      [
        [ids[0], 'incoming request'],
        [ids[0], 'request completed'],
        [ids[1], 'incoming request'],
        [ids[1], 'request completed'],
      ],
    );
  });

  it('errors: one line for an answer of 400 or more, with the request (URL masked), status and time', async () => {
    const { lines, ids } = await logLines({ REQUEST_LOG: 'errors' });
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line!.reqId, ids[1]);
    assert.equal(line!.msg, 'request completed');
    assert.equal(line!.level, 30);
    assert.deepEqual(line!.req, { method: 'GET', url: '/no-such-route?token=***', remoteAddress: '127.0.0.1' });
    assert.deepEqual(line!.res, { statusCode: 404 });
    assert.equal(typeof line!.responseTime, 'number');
  });

  it('off: no access line at all', async () => {
    assert.deepEqual((await logLines({ REQUEST_LOG: 'off' })).lines, []);
  });

  it('off: a failure is still logged as an error, with the request id', async () => {
    const { lines } = await logLines({ REQUEST_LOG: 'off' }, true);
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg, l.err?.message]),
      [[50, 'request failed', 'boom']],
    );
    assert.match(lines[0]!.reqId, /^[0-9a-f-]{36}$/);
  });

  it('refuses any other value, naming the variable', () => {
    assert.equal(loadConfig({}).requestLog, 'all');
    assert.equal(loadConfig({ REQUEST_LOG: 'ERRORS' }).requestLog, 'errors');
    assert.throws(
      () => loadConfig({ REQUEST_LOG: 'some' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'REQUEST_LOG',
    );
  });
});
