// The embedded engine's configuration that its footprint relies on (issue 17): the server settings it
// runs with, read back with SHOW, and a clean shutdown that ends with a checkpoint, so a restart
// replays no WAL (no recovery, and no end-of-recovery checkpoint written at the restart).
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { startServer } from '../../src/server.js';
import { freePort, preparedDataDir } from '../helpers/process.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the embedded engine', () => {
  it('runs with its memory settings, and after a clean stop restarts without replaying WAL', async () => {
    const config = loadConfig({ DATA_DIR: await preparedDataDir(), PORT: String(await freePort()), LOG_LEVEL: 'silent' });
    const server = await startServer(config, { out: silent });
    // The first start on an empty database wrote the demo organisation: WAL a crash would replay.
    const created = await fetch(`http://127.0.0.1:${config.port}/healthz`);
    assert.equal(created.status, 200);
    // pg_control keeps whole seconds: the shutdown checkpoint is no older than this second…
    const beforeStop = Math.floor(Date.now() / 1000);
    await server.stop();
    // …and a checkpoint written by the restart (the end of a recovery) would be at least a second later.
    await sleep(2100);
    const reopenedAt = Math.floor(Date.now() / 1000);
    const opened = await openDatabase(config);
    try {
      const { rows } = await opened.db.query<{ redo: string; checkpoint: string; at: Date }>(
        'SELECT redo_lsn::text AS redo, checkpoint_lsn::text AS checkpoint, checkpoint_time AS at FROM pg_control_checkpoint()',
      );
      const last = rows[0]!;
      assert.equal(last.redo, last.checkpoint, 'the last checkpoint is a shutdown checkpoint: nothing after its redo point');
      const at = Math.floor(last.at.getTime() / 1000);
      assert.ok(at >= beforeStop, `the stop wrote the last checkpoint (at ${at}, stop at ${beforeStop})`);
      assert.ok(
        at < reopenedAt,
        `the restart wrote no checkpoint of its own, so it recovered nothing (at ${at}, reopened at ${reopenedAt})`,
      );
      // What SHOW prints for each (src/db/pglite.ts, PGLITE_SETTINGS).
      const settings = await opened.db.query<{ name: string; value: string }>(
        `SELECT name, current_setting(name) AS value FROM pg_settings
          WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'temp_buffers', 'synchronous_commit', 'full_page_writes')
          ORDER BY name`,
      );
      assert.deepEqual(Object.fromEntries(settings.rows.map((r) => [r.name, r.value])), {
        full_page_writes: 'on',
        maintenance_work_mem: '32MB',
        shared_buffers: '32MB',
        synchronous_commit: 'on',
        temp_buffers: '4MB',
        work_mem: '4MB',
      });
    } finally {
      await opened.close();
    }
  });
});
