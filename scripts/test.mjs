#!/usr/bin/env node
// `npm test`: type-check, build the migrated PGlite template once, then run every test file with
// Node's test runner (tsx loads TypeScript). Extra arguments select test files.
// `npm run test:unit` (`--unit`): only the pure tests — no type-check, no database, no server — in seconds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onlyRetriableFailures, retriableFiles } from './v8-crash.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

// A test file is a unit test when it imports none of the helpers that open a database, start a
// server or a process, or drive a browser: what is left is pure code (state tables, money, validators).
const IMPURE = /from '(\.\.\/helpers\/(app|db|process|browser|merchant)|\.\/(helpers|support|recipient-support|approval-support))\.js'/;
const isUnit = (file) => !IMPURE.test(fs.readFileSync(file, 'utf8'));

const args = process.argv.slice(2);
const unit = args.includes('--unit');
const selected = args.filter((a) => a !== '--unit');
const all = selected.length > 0 ? selected : testFiles('test').sort();

if (unit) {
  const files = all.filter(isUnit);
  console.log(`unit tests · ${files.length} test files`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test' },
  });
  process.exit(result.status ?? 1);
}

console.log('type-checking …');
run(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.']);

const template = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-test-')), 'pglite-template.tar');
run(process.execPath, ['--import', 'tsx', 'scripts/make-test-template.ts', template]);

console.log(`engines: pglite${process.env.TEST_DATABASE_URL ? ' + postgres' : ''} · ${all.length} test files`);
const env = { ...process.env, OFFERPAY_PGLITE_TEMPLATE: template, NODE_ENV: 'test' };
const crashLog = path.join(path.dirname(template), 'v8-crash.jsonl');
const runTests = (files) =>
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${path.join(root, 'scripts', 'v8-crash.mjs')}`,
      `--test-reporter-destination=${crashLog}`,
      '--test-concurrency=2',
      '--test-timeout=300000',
      ...files,
    ],
    { stdio: 'inherit', env },
  ).status ?? 1;

let status = runTests(all);
if (status !== 0) {
  // scripts/v8-crash.mjs says why: a V8 abort in its JIT-page bookkeeping is not the test's doing.
  const lines = fs.existsSync(crashLog) ? fs.readFileSync(crashLog, 'utf8') : '';
  const again = retriableFiles(lines);
  if (again.length > 0 && onlyRetriableFailures(lines)) {
    console.log(`\nV8 aborted in its JIT-page check (nodejs/node#64500); running once more: ${again.join(', ')}`);
    status = runTests(again);
  }
}
fs.rmSync(path.dirname(template), { recursive: true, force: true });
process.exit(status);
