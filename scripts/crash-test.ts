// `npm run crash-test [-- --kills N]`: SIGKILLs the real server under a mixed write load and checks
// that every acknowledged write survives each restart, on PGlite and, when TEST_DATABASE_URL (or
// DATABASE_URL) is set, on PostgreSQL. Prints the figures; exits 1 on any loss or failed restart.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type CrashResult, runCrashTest } from './crash/run.js';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '10' }, clients: { type: 'string', default: '6' } } });
const kills = Number(values.kills);
const clients = Number(values.clients);
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(clients) || clients < 1) {
  process.stderr.write('crash-test: --kills and --clients take positive integers\n');
  process.exit(2);
}

/** A fresh database on the PostgreSQL server of `url`, dropped afterwards. */
async function withPostgresDatabase<T>(url: string, fn: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `offerpay_crash_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const databaseUrl = new URL(url);
    databaseUrl.pathname = `/${name}`;
    try {
      return await fn(databaseUrl.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

function report(engine: string, r: CrashResult, seconds: number): boolean {
  const lost = r.lost.length;
  process.stdout.write(
    `${engine}: ${r.kills} kills, ${r.acknowledged} writes acknowledged, ${r.verified} read-backs intact, ${lost} lost, ` +
      `${r.failedRestarts.length} failed restarts, ${r.unexpected.length} unexpected answers (${seconds} s)\n`,
  );
  for (const line of [...r.lost, ...r.failedRestarts, ...r.unexpected].slice(0, 20)) process.stdout.write(`  ${line}\n`);
  return lost === 0 && r.failedRestarts.length === 0 && r.unexpected.length === 0 && r.kills === kills;
}

async function run(engine: string, env: Record<string, string>): Promise<boolean> {
  const started = Date.now();
  const result = await runCrashTest({ env, kills, clients, log: (line) => process.stdout.write(`  ${engine} · ${line}\n`) });
  return report(engine, result, Math.round((Date.now() - started) / 1000));
}

let ok = true;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-crash-'));
try {
  ok = (await run('pglite', { DATA_DIR: dataDir })) && ok;
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const postgres = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (postgres) {
  const secretKey = crypto.randomBytes(32).toString('hex');
  ok = (await withPostgresDatabase(postgres, (url) => run('postgres', { DATABASE_URL: url, SECRET_KEY: secretKey }))) && ok;
} else {
  process.stdout.write('postgres: skipped (set TEST_DATABASE_URL or DATABASE_URL to run it there too)\n');
}
process.exit(ok ? 0 : 1);
