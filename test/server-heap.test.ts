// The embedded engine's heap growth and young generation are set at start, only for PGlite, and never
// over the operator's own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { chosenEngine } from '../src/config.js';
import { EMBEDDED_HEAP_GROWING_PERCENT, tuneHeap, tuneYoungGeneration, type HeapTuningEnv } from '../src/server-heap.js';

const sourceUrl = (file: string) => pathToFileURL(path.resolve(import.meta.dirname, '../src', file)).href;

/**
 * The new space, in MB, of a real process (tsx) that imported server-young-generation.ts with this
 * DATABASE_URL, ran `then`, and allocated 2,000,000 short-lived objects.
 */
function newSpaceAfterAllocating(then: string, databaseUrl: string): number {
  const script = `
    await import(${JSON.stringify(sourceUrl('server-young-generation.ts'))});
    ${then}
    const v8 = await import('node:v8');
    const keep = [];
    for (let i = 0; i < 2e6; i++) { const o = { a: i, b: 'x' + i }; if (i % 50 === 0) keep.push(o); if (keep.length > 20000) keep.splice(0, 10000); }
    process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  return Number(child.stdout) / 2 ** 20;
}

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

describe('young generation by engine', () => {
  it('is held at its first size on the embedded engine (no DATABASE_URL, or a blank one)', () => {
    for (const url of [undefined, '', '  ']) {
      const e = env(['--import', 'tsx']);
      assert.equal(tuneYoungGeneration(chosenEngine({ DATABASE_URL: url }), e), true);
      assert.deepEqual(e.set, ['--semi-space-growth-factor=1']);
    }
  });

  it('grows as V8 likes beside PostgreSQL', () => {
    const e = env();
    assert.equal(tuneYoungGeneration(chosenEngine({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/offerpay' }), e), false);
    assert.deepEqual(e.set, []);
  });

  it("keeps the operator's own sizing, on the command line or in NODE_OPTIONS", () => {
    for (const e of [
      env(['--max-semi-space-size=2']),
      env(['--max_semi_space_size=8']),
      env([], '--min-semi-space-size=4'),
      env([], '--semi-space-growth-factor=4'),
    ]) {
      assert.equal(tuneYoungGeneration('pglite', e), false);
      assert.deepEqual(e.set, []);
    }
  });

  // The flag is read by this Node's V8 while the process runs: a V8 that ignored it would let the
  // embedded server's young generation grow to 32-64 MB unnoticed. (`node dist/main.js` holds it at
  // 2 MB; here tsx has grown it to 4 MB before the module runs.)
  it("holds a real process's young generation after it allocated, only on the embedded engine", () => {
    const embedded = newSpaceAfterAllocating('', '');
    assert.ok(embedded <= 4, `embedded: young generation held, not ${embedded} MB`);
    const postgres = newSpaceAfterAllocating('', 'postgres://postgres@127.0.0.1:5432/offerpay');
    assert.ok(postgres >= 16, `PostgreSQL: young generation grown, not ${postgres} MB`);
  });

  // On Node 20 a worker thread's start puts V8's flags back to the command line's; the embedded
  // server starts its database's thread (and the PDF renderer's) after the flag was set.
  it('stays held after a worker thread started', () => {
    const workers = sourceUrl('platform/worker-thread.ts');
    const megabytes = newSpaceAfterAllocating(
      `const { startWorker } = await import(${JSON.stringify(workers)});
       const worker = startWorker(${JSON.stringify(sourceUrl('documents/render-off-thread.ts'))}, 'render-worker', {});
       await new Promise((resolve) => worker.once('online', () => setImmediate(resolve)));
       await worker.terminate();`,
      '',
    );
    assert.ok(megabytes <= 4, `young generation held after a worker's start, not ${megabytes} MB`);
  });
});
