// The embedded engine's heap growth is set at start, only for PGlite, and never over the operator's own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMBEDDED_HEAP_GROWING_PERCENT, tuneHeap, type HeapTuningEnv } from '../src/server-heap.js';

function env(execArgv: string[] = [], nodeOptions?: string): HeapTuningEnv & { set: string[] } {
  const set: string[] = [];
  return { execArgv, nodeOptions, setFlags: (flags) => set.push(flags), set };
}

describe('heap tuning by engine', () => {
  it('lets V8 grow the heap in small steps on PGlite', () => {
    const e = env(['--max-semi-space-size=2']);
    assert.equal(tuneHeap('pglite', e), true);
    assert.deepEqual(e.set, [`--heap-growing-percent=${EMBEDDED_HEAP_GROWING_PERCENT}`]);
  });

  it('leaves V8 its default growth on PostgreSQL', () => {
    const e = env();
    assert.equal(tuneHeap('postgres', e), false);
    assert.deepEqual(e.set, []);
  });

  it('keeps a growth the operator chose on the command line or in NODE_OPTIONS', () => {
    for (const e of [
      env(['--heap-growing-percent=50']),
      env([], '--max-old-space-size=512 --heap_growing_percent=10'),
      env(['--heap-growing-percent']),
    ]) {
      assert.equal(tuneHeap('pglite', e), false);
      assert.deepEqual(e.set, []);
    }
    // A flag that only begins the same way is not the operator's choice of growth.
    const other = env(['--heap-growing-percentile=5']);
    assert.equal(tuneHeap('pglite', other), true);
  });
});
