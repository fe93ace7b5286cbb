import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { lockDataDir } from '../../src/db/data-dir-lock.js';
import { startServer } from '../../src/server.js';
import { freePort, preparedDataDir } from '../helpers/process.js';

describe('graceful shutdown', () => {
  it('finishes a request in flight, refuses new connections, then closes the database and releases the data directory', async () => {
    const dataDir = await preparedDataDir();
    const port = await freePort();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inFlight = new Promise<void>((r) => (entered = r));
    const server = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent' }), {
      out: new Writable({ write: (_c, _e, cb) => cb() }),
      extend: (app) =>
        app.get('/slow', async () => {
          entered();
          await gate;
          return { done: true };
        }),
    });
    const base = `http://127.0.0.1:${port}`;
    const slow = fetch(`${base}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await inFlight;

    const stopped = server.stop();
    await new Promise((r) => setTimeout(r, 100));
    await assert.rejects(fetch(`${base}/healthz`, { headers: { connection: 'close' } }));
    release();

    assert.deepEqual(await slow, { status: 200, body: { done: true } });
    await stopped;
    lockDataDir(dataDir).release();
  });
});
