// The real server process on loopback: `src/main.ts serve` through tsx, on a temporary data
// directory (PGlite) or on a PostgreSQL database made for the run and dropped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type Engine = 'pglite' | 'postgres';

export interface FuzzServer {
  baseUrl: string;
  adminToken: string;
  child: ChildProcess;
  /** The process's output so far (the last 200 kB). */
  output(): string;
  /** Null while it runs; its exit code (or signal) once it has ended. */
  exit(): string | null;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** PGlite: a temporary DATA_DIR; PostgreSQL: a fresh database next to `postgresUrl`'s. */
async function database(engine: Engine, postgresUrl: string | undefined, dataDir: string | undefined) {
  if (engine === 'pglite') {
    const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-fuzz-'));
    return { env: { DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (!postgresUrl) throw new Error('--engine postgres needs TEST_DATABASE_URL');
  const name = `offerpay_fuzz_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(postgresUrl, `CREATE DATABASE ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-fuzz-'));
  return {
    env: { DATABASE_URL: url.toString(), DATA_DIR: dir },
    drop: async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** `dataDir` (PGlite): a directory to use instead of a new empty one (tests pass an already migrated one). */
export async function startFuzzServer(root: string, engine: Engine, postgresUrl?: string, dataDir?: string): Promise<FuzzServer> {
  const db = await database(engine, postgresUrl, dataDir);
  const port = await freePort();
  const adminToken = crypto.randomBytes(24).toString('hex');
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'PUBLIC_URL', 'METRICS_TOKEN', 'SMTP_URL']) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts'), 'serve'], {
    cwd: root,
    env: {
      ...env,
      ...db.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_TOKEN: adminToken,
      SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      // No throttling: the campaign sends thousands of requests a minute from one address.
      RATE_LIMITS: 'off',
      ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const append = (d: Buffer) => {
    out = (out + d).slice(-200_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = signal ?? String(code);
      resolve();
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exit === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await db.drop();
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exit !== null) {
      await db.drop();
      throw new Error(`the server exited at start (${exit}):\n${out}`);
    }
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return { baseUrl, adminToken, child, output: () => out, exit: () => exit, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the server did not answer /healthz within 120 s:\n${out}`);
}
