// `npm run crash-test`'s core, small enough for CI: the real server SIGKILLed under a mixed write load
// and restarted on the same embedded data directory keeps every write it acknowledged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCrashTest } from '../../scripts/crash/run.js';
import { preparedDataDir } from '../helpers/process.js';

describe('crash test (PGlite)', () => {
  it('after a SIGKILL under load the server restarts cleanly with every acknowledged write intact', async () => {
    const result = await runCrashTest({ env: { DATA_DIR: await preparedDataDir() }, kills: 1, clients: 4, loadMs: [3000, 4000] });
    assert.deepEqual(result.failedRestarts, []);
    assert.deepEqual(result.lost, []);
    assert.deepEqual(result.unexpected, []);
    assert.equal(result.kills, 1);
    assert.ok(result.acknowledged > 0, 'the load wrote something');
    assert.ok(result.verified > 0, 'the writes were read back');
  });
});
