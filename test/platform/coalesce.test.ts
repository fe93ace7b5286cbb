// platform/coalesce.ts: calls gathered into batches while earlier runs are out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coalesce } from '../../src/platform/coalesce.js';

/** A run the test finishes by hand, recording each batch it was given. */
function manualRuns() {
  const batches: number[][] = [];
  const finish: ((fail?: Error) => void)[] = [];
  const run = (items: readonly number[]) => {
    batches.push([...items]);
    return new Promise<number[]>((resolve, reject) => {
      finish.push((fail) => (fail ? reject(fail) : resolve(items.map((n) => n * 10))));
    });
  };
  return { batches, finish, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesce', () => {
  it('a lone call runs at once, alone', async () => {
    const runs = manualRuns();
    const call = coalesce(runs.run, { maxBatch: 8, maxInFlight: 1 });
    const answer = call(1);
    await tick();
    assert.deepEqual(runs.batches, [[1]]);
    runs.finish[0]!();
    assert.equal(await answer, 10);
  });

  it('calls made while the runs are out leave together, at most maxBatch at a time, in order', async () => {
    const runs = manualRuns();
    const call = coalesce(runs.run, { maxBatch: 3, maxInFlight: 2 });
    const first = [call(1), call(2)];
    await tick();
    assert.deepEqual(runs.batches, [[1, 2]], 'one tick, one batch');
    const second = call(3);
    await tick();
    assert.deepEqual(runs.batches, [[1, 2], [3]], 'a second run may be out beside the first');
    const waiting = [4, 5, 6, 7, 8].map((n) => call(n));
    await tick();
    assert.equal(runs.batches.length, 2, 'both runs out: the rest wait');
    runs.finish[0]!();
    assert.deepEqual(await Promise.all(first), [10, 20]);
    await tick();
    assert.deepEqual(runs.batches[2], [4, 5, 6]);
    runs.finish[1]!();
    assert.equal(await second, 30);
    await tick();
    assert.deepEqual(runs.batches[3], [7, 8]);
    runs.finish[2]!();
    runs.finish[3]!();
    assert.deepEqual(await Promise.all(waiting), [40, 50, 60, 70, 80]);
  });

  it("a failed batch runs again one call at a time: each call gets its own run's answer, then the next batch runs", async () => {
    const runs = manualRuns();
    const call = coalesce(runs.run, { maxBatch: 8, maxInFlight: 1 });
    const answers = [call(1), call(2)].map((p) => p.catch((error: Error) => error.message));
    await tick();
    const next = call(3);
    runs.finish[0]!(new Error('one of them is refused'));
    await tick();
    assert.deepEqual(runs.batches, [[1, 2], [1], [2]], 'alone, both at once');
    runs.finish[1]!(new Error('1 is refused'));
    runs.finish[2]!();
    assert.deepEqual(await Promise.all(answers), ['1 is refused', 20]);
    await tick();
    assert.deepEqual(runs.batches[3], [3], 'the waiting call ran once the batch was settled');
    runs.finish[3]!(new Error('a lone call fails with its own error'));
    await assert.rejects(next, /a lone call fails with its own error/);
    assert.equal(runs.batches.length, 4, 'and is not run again');
  });

  it('a batch whose failure retryAlone refuses fails every call with that error, without running any again', async () => {
    const runs = manualRuns();
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const call = coalesce(runs.run, { maxBatch: 8, maxInFlight: 1, retryAlone: (error) => error !== unreachable });
    const answers = [call(1), call(2), call(3)].map((p) => p.catch((error: unknown) => error));
    await tick();
    runs.finish[0]!(unreachable);
    assert.deepEqual(await Promise.all(answers), [unreachable, unreachable, unreachable]);
    assert.deepEqual(runs.batches, [[1, 2, 3]]);
    const later = [call(4), call(5)];
    await tick();
    runs.finish[1]!(new Error('another failure'));
    await tick();
    assert.deepEqual(runs.batches.slice(1), [[4, 5], [4], [5]], 'any other failure is still run again alone');
    runs.finish[2]!();
    runs.finish[3]!();
    assert.deepEqual(await Promise.all(later), [40, 50]);
  });

  it('a run that answers a different number of results fails its calls, and one that throws at once too', async () => {
    const short = coalesce(async (items: readonly number[]) => items.slice(1), { maxBatch: 8, maxInFlight: 1 });
    // The batch of two is short, and so is each alone.
    await assert.rejects(Promise.all([short(1), short(2)]), /A batch of 1 got 0 results/);
    const throwing = coalesce<number, number>(
      () => {
        throw new Error('not even started');
      },
      { maxBatch: 8, maxInFlight: 1 },
    );
    await assert.rejects(throwing(1), /not even started/);
    await assert.rejects(throwing(2), /not even started/, 'and the coalescer still takes calls');
  });
});
