// `npm run bench`: load benchmarks against a real offerpay server, reported as ratios to a bare
// node:http server measured in the same run.
//
//   npm run bench                      # PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else 127.0.0.1:5432/test)
//   npm run bench -- --engine pglite   # the embedded database
//   npm run bench -- --duration 5 --connections 50 --only offers
//   npm run bench -- --profile         # also writes the server's CPU profile to bench/results/profiles/
//
// Each scenario module in bench/scenarios/ seeds what it needs through a database connection
// before the server starts (PGlite allows one process per data directory), then returns requests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { openPGlite } from '../src/db/pglite.js';
import { openPostgres } from '../src/db/postgres.js';
import { createOrganisation } from '../src/organisations/service.js';
import type { BenchContext, Scenario, ScenarioSetup } from './scenario.js';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const engine = args.engine === 'pglite' ? 'pglite' : 'postgres';
const duration = Number(args.duration);
const connections = Number(args.connections);
const SECRET_KEY = crypto.randomBytes(32).toString('hex');
const ADMIN_TOKEN = crypto.randomBytes(24).toString('hex');

interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ratio?: number;
  /** The bare server's req/s measured right before this scenario, which `ratio` divides by. */
  bareRps?: number;
  /** The server process's CPU time per request (Linux /proc; empty elsewhere): steadier than req/s on a shared machine. */
  cpuMs?: number;
}

/** User + system CPU seconds of a process, from /proc (Linux only; null elsewhere). */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as import('node:net').AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer:\n${output()}`);
}

function startProcess(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  return { child, output: () => out };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function measure(name: string, baseUrl: string, scenario: Omit<Scenario, 'name'>, seconds = duration): Promise<Row> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [{ ...scenario.request, ...(scenario.setupRequest ? { setupRequest: scenario.setupRequest } : {}) } as autocannon.Request],
  });
  const errors = result.non2xx + result.errors + result.timeouts;
  return {
    scenario: name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    requests: result.requests.total,
  } as Row & { requests: number };
}

/**
 * The bare node:http hello-world server the ratios are taken against. It stays up for the whole run:
 * measured in full at the start (the table's first row), and for a few seconds right before every
 * scenario, whose ratio uses that adjacent measurement. A shared host's capacity drifts over a
 * run of several minutes; a baseline taken minutes earlier would let that drift into the ratios.
 */
async function startBare(): Promise<{ measure(seconds: number): Promise<Row>; stop(): Promise<void> }> {
  const port = await freePort();
  const code = `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"status":"ok"}'); }).listen(${port}, '127.0.0.1')`;
  const bare = startProcess(['-e', code], {});
  await waitFor(`http://127.0.0.1:${port}/`, bare.child, bare.output);
  return {
    measure: (seconds) =>
      measure('bare node:http hello world', `http://127.0.0.1:${port}`, { request: { method: 'GET', path: '/' } }, seconds),
    stop: () => stop(bare.child),
  };
}

type Bare = Awaited<ReturnType<typeof startBare>>;
const ADJACENT_SECONDS = Math.min(3, duration);

type Settle = () => Promise<void>;

/**
 * Before every measurement: VACUUM ANALYZE and CHECKPOINT, so that the seeding's and the previous
 * scenario's writes (autovacuum, a checkpoint) do not run during this one. PostgreSQL only.
 */
function settler(databaseUrl: string | undefined): Settle {
  if (!databaseUrl) return async () => {};
  return async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('VACUUM (ANALYZE)');
      await client.query('CHECKPOINT').catch(() => console.log('CHECKPOINT needs a superuser; skipped'));
    } finally {
      await client.end();
    }
  };
}

/** Measures one scenario against `url`, with its ratio to the bare server measured just before it. */
async function measureBeside(
  bare: Bare,
  settle: Settle,
  name: string,
  url: string,
  scenario: Omit<Scenario, 'name'>,
  pid: number | undefined,
): Promise<Row> {
  await settle();
  const adjacent = await bare.measure(ADJACENT_SECONDS);
  console.log(`running ${name} …`);
  const before = cpuSeconds(pid);
  const { requests, ...row } = (await measure(name, url, scenario)) as Row & { requests: number };
  const after = cpuSeconds(pid);
  const cpuMs = before !== null && after !== null && requests > 0 ? ((after - before) * 1000) / requests : undefined;
  return { ...row, ratio: row.rps / adjacent.rps, bareRps: adjacent.rps, ...(cpuMs === undefined ? {} : { cpuMs }) };
}

/** Fastify + pg with one and two `SELECT 1`, or one durable INSERT, per request (PostgreSQL only): what any endpoint touching the database can reach here. */
async function referenceRows(databaseUrl: string, bare: Bare, settle: Settle): Promise<Row[]> {
  const port = await freePort();
  const reference = startProcess([path.join('bench', 'reference-server.mjs')], { PORT: String(port), DATABASE_URL: databaseUrl });
  const rows: Row[] = [];
  try {
    await waitFor(`http://127.0.0.1:${port}/one`, reference.child, reference.output);
    const endpoints = [
      ['reference: Fastify + pg, 1 × SELECT 1', { method: 'GET', path: '/one' }],
      ['reference: Fastify + pg, 2 × SELECT 1', { method: 'GET', path: '/two' }],
      ['reference: Fastify + pg, 1 × INSERT (durable commit)', { method: 'POST', path: '/write' }],
    ] as const;
    for (const [name, request] of endpoints)
      rows.push(await measureBeside(bare, settle, name, `http://127.0.0.1:${port}`, { request }, reference.child.pid));
  } finally {
    await stop(reference.child);
  }
  return rows;
}

async function openBenchDatabase(): Promise<{ db: Database; env: Record<string, string>; cleanup(): Promise<void> }> {
  if (engine === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-bench-'));
    const db = await openPGlite({ dataDir: path.join(dataDir, 'pgdata') });
    return { db, env: { DATA_DIR: dataDir }, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = 'offerpay_bench';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  return { db, env: { DATABASE_URL: url.toString() }, cleanup: async () => {} };
}

async function loadScenarioModules(): Promise<{ file: string; setup: ScenarioSetup }[]> {
  const dir = path.join(root, 'bench', 'scenarios');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .sort()
    : [];
  const modules = [];
  for (const file of files) {
    if (args.only && !file.includes(args.only)) continue;
    const mod = (await import(path.join(dir, file))) as { default: ScenarioSetup };
    modules.push({ file, setup: mod.default });
  }
  return modules;
}

function table(rows: Row[]): string {
  const lines = [
    `| scenario | req/s | p50 ms | p99 ms | errors | bare node:http req/s just before | ratio to it | server CPU ms/req |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|`,
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${Math.round(r.rps).toLocaleString('en')} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.bareRps === undefined ? '' : Math.round(r.bareRps).toLocaleString('en')} | ${r.ratio === undefined ? '1.00' : r.ratio.toFixed(2)} | ${r.cpuMs === undefined ? '' : r.cpuMs.toFixed(2)} |`,
    ),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  console.log('building …');
  const build = spawnSync(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(1);

  console.log(`engine: ${engine} · ${connections} connections · ${duration} s per scenario`);
  const bare = await startBare();
  const baseline = await bare.measure(duration);

  const bench = await openBenchDatabase();
  await migrate(bench.db);
  const org = await createOrganisation({ db: bench.db, secretKey: Buffer.from(SECRET_KEY, 'hex') }, { name: 'Bench organisation' });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const ctx: BenchContext = {
    baseUrl,
    db: bench.db,
    organisationId: org.organisation.id,
    apiToken: org.apiToken,
    merchantKey: org.merchant.key,
    merchantSecret: org.merchant.secret,
    adminToken: ADMIN_TOKEN,
  };
  const scenarios: Scenario[] = [{ name: 'GET /healthz', request: { method: 'GET', path: '/healthz' } }];
  for (const { file, setup } of await loadScenarioModules()) {
    console.log(`seeding ${file} …`);
    scenarios.push(...(await setup(ctx)));
  }
  const settle = settler(bench.env.DATABASE_URL);
  // PGlite allows one process per data directory: the seeding connection closes before the server starts.
  await bench.db.close();
  // Measured before offerpay starts, so its background workers do not share the machine with them.
  const references = bench.env.DATABASE_URL && !args.only ? await referenceRows(bench.env.DATABASE_URL, bare, settle) : [];

  const profileArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench', 'results', 'profiles')}`] : [];
  const rows: Row[] = [baseline, ...references];
  // One server per distinct serverEnv, in the order the scenarios first ask for it.
  const groups = new Map<string, Scenario[]>();
  for (const scenario of scenarios) {
    const key = JSON.stringify(scenario.serverEnv ?? {});
    groups.set(key, [...(groups.get(key) ?? []), scenario]);
  }
  try {
    for (const [serverEnv, group] of groups) {
      const server = startProcess([...profileArgs, 'dist/main.js', 'serve'], {
        ...bench.env,
        PORT: String(port),
        SECRET_KEY,
        ADMIN_TOKEN,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        // The load comes from one address: throttling would measure the limiter, not the server.
        RATE_LIMITS: 'off',
        ...(JSON.parse(serverEnv) as Record<string, string>),
      });
      try {
        await waitFor(`${baseUrl}/healthz`, server.child, server.output);
        for (const scenario of group) rows.push(await measureBeside(bare, settle, scenario.name, baseUrl, scenario, server.child.pid));
      } finally {
        await stop(server.child);
      }
    }
  } finally {
    await bare.stop();
    await bench.cleanup();
  }

  // Webhook delivery: events per second to a local receiver and the commit-to-arrival lag (PostgreSQL only).
  let delivery = '';
  if (engine === 'postgres' && (!args.only || 'webhooks'.includes(args.only))) {
    console.log('running webhook delivery …');
    const { deliveryBench } = await import('./scenarios/webhooks.js');
    const d = await deliveryBench({ rate: '500', seconds: String(duration), backlog: '5000', workers: '1' });
    delivery = [
      '| webhook delivery | delivered | lag p50 ms | lag p99 ms | lag max ms | backlog drain events/s |',
      '|---|---:|---:|---:|---:|---:|',
      `| ${d.rate} events/s for ${d.seconds} s, 1 worker | ${d.delivered}/${d.total} | ${d.lagP50} | ${d.lagP99} | ${d.lagMax} | ${d.backlogPerSecond} (${d.backlog} events) |`,
    ].join('\n');
  }

  const report = [
    `# offerpay benchmark`,
    '',
    `${new Date().toISOString()} · Node ${process.version} · engine ${engine} · ${connections} connections · ${duration} s per scenario · ${os.cpus().length} CPUs`,
    '',
    table(rows),
    '',
    delivery,
    '',
  ].join('\n');
  console.log(`\n${table(rows)}\n\n${delivery}`);
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'latest.md'), report);
  console.log('\nwritten to bench/results/latest.md');
}

await main();
