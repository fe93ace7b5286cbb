// `offerpay user create` as a user runs it: with a password from standard input, or printing a
// one-time invitation link; bad input fails with a message and creates nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { preparedDataDir, runCli } from '../helpers/process.js';

const MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');

/** The CLI with `input` on standard input (runCli leaves it closed). */
function cliWithInput(args: string[], env: Record<string, string>, input: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('offerpay user create', () => {
  let dataDir: string;
  let org: string;
  before(async () => {
    dataDir = await preparedDataDir();
    const created = await runCli(['org', 'create', '--name', 'CLI GmbH', '--json'], { DATA_DIR: dataDir });
    assert.equal(created.code, 0, created.stderr);
    org = JSON.parse(created.stdout).organisation.id;
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates an owner with a password read from standard input', async () => {
    const result = await cliWithInput(
      ['user', 'create', '--org', org, '--email', 'owner@cli.example', '--name', 'Olga Owner', '--password-stdin'],
      { DATA_DIR: dataDir },
      'violet-Kestrel-Harbour-42\n',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /user {2}owner@cli\.example {2}\(id [0-9a-f-]{36}; role owner\)/);
    assert.doesNotMatch(result.stdout, /violet/);
  });

  it('prints a one-time invitation link without a password', async () => {
    const result = await runCli(
      ['user', 'create', '--org', org, '--email', 'seller@cli.example', '--name', 'Sam Seller', '--role', 'seller'],
      {
        DATA_DIR: dataDir,
        PUBLIC_URL: 'https://offers.cli.example',
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /invitation link {2}https:\/\/offers\.cli\.example\/app\/invitations\/[A-Za-z0-9_-]{43}\n/);
  });

  it('refuses a weak password, an unknown role and a duplicate e-mail with a message', async () => {
    const weak = await cliWithInput(
      ['user', 'create', '--org', org, '--email', 'weak@cli.example', '--name', 'Wes Weak', '--password-stdin'],
      { DATA_DIR: dataDir },
      'password1234\n',
    );
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /password: The password is built on one of the most used passwords/);
    const role = await runCli(['user', 'create', '--org', org, '--email', 'r@cli.example', '--name', 'Rita', '--role', 'boss'], {
      DATA_DIR: dataDir,
    });
    assert.equal(role.code, 1);
    assert.match(role.stderr, /role: The role must be one of owner, admin, seller, approver, viewer/);
    const duplicate = await runCli(['user', 'create', '--org', org, '--email', 'OWNER@cli.example', '--name', 'Olga Again'], {
      DATA_DIR: dataDir,
    });
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /already exists/);
  });
});
