// Runs the real CLI (`src/main.ts` through tsx) as a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteTemplate } from './db.js';

const MAIN = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../../src/main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const baseEnv = (env: Record<string, string>) => {
  const clean = { ...process.env };
  for (const key of ['DATABASE_URL', 'ADMIN_TOKEN', 'SECRET_KEY', 'PUBLIC_URL', 'PORT', 'HOST', 'DATA_DIR', 'NODE_ENV', 'RATE_LIMITS'])
    delete clean[key];
  // The suite sends many requests from one address; the throttling tests turn throttling on.
  return { ...clean, LOG_LEVEL: 'warn', RATE_LIMITS: 'off', ...env };
};

export interface SpawnOptions {
  /** A command to run the CLI under, e.g. `unshare` and its flags for other namespaces. */
  prefix?: string[];
}

function spawnCli(args: string[], env: Record<string, string>, options: SpawnOptions) {
  const [command, ...rest] = [...(options.prefix ?? []), process.execPath, '--import', 'tsx', MAIN, ...args];
  return spawn(command!, rest, { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs one CLI command to its end; past timeoutMs it is killed and its code is null. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env, options);
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `offerpay serve` and waits until /healthz answers. */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 90_000,
  options: SpawnOptions = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawnCli(['serve'], { PORT: String(port), ...env }, options);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return { child, baseUrl, output: () => output, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer /healthz within ${timeoutMs} ms:\n${output}`);
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-data-'));
}

/**
 * A data directory holding an already migrated, empty embedded database: initialising PGlite from
 * nothing costs several seconds of CPU, so only the tests about a first start use an empty one.
 */
export async function preparedDataDir(): Promise<string> {
  const dir = tempDataDir();
  const pg = new PGlite({ dataDir: path.join(dir, 'pgdata'), loadDataDir: await pgliteTemplate() });
  await pg.waitReady;
  await pg.close();
  return dir;
}
