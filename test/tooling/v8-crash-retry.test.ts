// `npm test` runs a file once more only when V8 aborted it in its JIT-page bookkeeping and none of
// its tests failed (scripts/v8-crash.mjs): real Node test-runner processes report to the real reporter.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { onlyRetriableFailures, retriableFiles } from '../../scripts/v8-crash.mjs';

const reporter = fileURLToPath(new URL('../../scripts/v8-crash.mjs', import.meta.url));
// Aborts once the runner has reported the tests before it (a result still buffered would be lost).
const V8_ABORT =
  "setTimeout(() => { process.stderr.write('#\\n# Fatal error in , line 0\\n# Check failed: jit_page.has_value().\\n#\\n'); process.abort(); }, 200);";

const FIXTURES: Record<string, string> = {
  // Every test passed, then V8 aborted the process (as in CI on Node 24).
  'v8-abort.test.mjs': `import test from 'node:test';\ntest('passes', () => {});\ntest('aborts', () => { ${V8_ABORT} });\n`,
  // The same abort, but a test had failed: that failure must not be hidden by a rerun.
  'v8-abort-and-failure.test.mjs': `import test from 'node:test';\ntest('fails', () => { throw new Error('real'); });\ntest('aborts', () => { ${V8_ABORT} });\n`,
  // Aborted on a signal without V8's JIT-page check: not ours to retry.
  'other-abort.test.mjs': `import test from 'node:test';\ntest('passes', () => {});\ntest('aborts', () => { setTimeout(() => process.abort(), 200); });\n`,
  'passes.test.mjs': `import test from 'node:test';\ntest('passes', () => {});\n`,
};

function report(names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-v8-crash-'));
  const out = path.join(dir, 'report.jsonl');
  for (const name of names) fs.writeFileSync(path.join(dir, name), FIXTURES[name] ?? '');
  const files = names.map((name) => path.join(dir, name));
  // A test runner started from inside a test would otherwise act as its child and ignore reporters.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  spawnSync(process.execPath, ['--test', `--test-reporter=${reporter}`, `--test-reporter-destination=${out}`, ...files], { env });
  const lines = fs.readFileSync(out, 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return lines.replaceAll(dir + path.sep, '');
}

describe('the test runner retries a V8 JIT-page abort once', () => {
  it('retries a file whose tests all passed before V8 aborted it', () => {
    const lines = report(['v8-abort.test.mjs', 'passes.test.mjs']);
    assert.deepEqual(retriableFiles(lines), ['v8-abort.test.mjs']);
    assert.equal(onlyRetriableFailures(lines), true);
  });

  it('does not retry a file with a failed test, nor a run holding another failure', () => {
    const lines = report(['v8-abort.test.mjs', 'v8-abort-and-failure.test.mjs']);
    assert.deepEqual(retriableFiles(lines), ['v8-abort.test.mjs']);
    assert.equal(onlyRetriableFailures(lines), false);
  });

  it('does not retry an abort without V8 JIT-page check', () => {
    const lines = report(['other-abort.test.mjs']);
    assert.deepEqual(retriableFiles(lines), []);
    assert.equal(onlyRetriableFailures(lines), false);
  });
});
