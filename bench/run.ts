// `npm run bench`: load benchmarks against a real offerpay server, reported as ratios to a bare
// node:http server measured in the same run.
//
//   npm run bench                      # PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else 127.0.0.1:5432/test)
//   npm run bench -- --engine pglite   # the embedded database
//   npm run bench -- --duration 5 --connections 50 --only offers
//   npm run bench -- --profile         # also writes the server's CPU profile to bench/results/profiles/
//   npm run bench -- --only merchant --scenario cancel --profile   # one scenario alone: its own profile
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
import { maintainTables } from '../src/operations/embedded-maintenance.js';
import { openPostgres } from '../src/db/postgres.js';
import { createOrganisation } from '../src/organisations/service.js';
import type { BenchContext, Scenario, ScenarioSetup } from './scenario.js';
import { serverArgs } from './server-command.js';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    /** Runs only the scenarios whose name contains this (after every selected module has seeded). */
    scenario: { type: 'string' },
    profile: { type: 'boolean', default: false },
    /** How many offers the list scenarios seed in the bench organisation (bench/scenarios/offers.ts). */
    offers: { type: 'string', default: '100000' },
    /** The report's file name in bench/results/ (one per engine keeps both runs). */
    out: { type: 'string', default: 'latest.md' },
  },
});
const engine = args.engine === 'pglite' ? 'pglite' : 'postgres';
const duration = Number(args.duration);
const connections = Number(args.connections);
const offerCount = Number(args.offers);
/** Neither --only nor --scenario: the reference rows and the embedded start times are measured too. */
const whole = !args.only && !args.scenario;
if (!Number.isInteger(offerCount) || offerCount < 1) throw new Error(`--offers must be a positive integer, not "${args.offers}"`);
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

/** Resident memory now and its peak (VmRSS, VmHWM) of a process in MB, from /proc (Linux only; null elsewhere). */
function memoryMb(pid: number | undefined): { rss: number; peak: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
    return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

interface ServerFootprint {
  server: string;
  /** Spawn to the first healthy answer, ms. */
  startMs: number;
  /** Resident memory 2 s after the first healthy answer, MB. */
  rssAfterStart: number | null;
  /** The process's peak resident memory when it stopped (after its scenarios), MB. */
  peak: number | null;
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

async function waitFor(url: string, child: ChildProcess, output: () => string, pollMs = 100): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, pollMs));
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

/**
 * The embedded engine's first start (database creation and migrations included) and restart on an
 * empty data directory: spawn to healthy, resident memory after start. Nothing else runs meanwhile.
 */
async function startTimes(env: Record<string, string>): Promise<ServerFootprint[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-bench-start-'));
  const port = await freePort();
  const rows: ServerFootprint[] = [];
  try {
    for (const server of ['first start (creates the database)', 'restart']) {
      const t0 = performance.now();
      const started = startProcess(serverArgs([], 'serve'), { ...env, DATA_DIR: dataDir, PORT: String(port) });
      try {
        await waitFor(`http://127.0.0.1:${port}/healthz`, started.child, started.output, 5);
        const startMs = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 2000));
        const memory = memoryMb(started.child.pid);
        rows.push({ server, startMs, rssAfterStart: memory?.rss ?? null, peak: memory?.peak ?? null });
      } finally {
        await stop(started.child);
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

function footprintTable(rows: ServerFootprint[]): string {
  const mb = (v: number | null) => (v === null ? '' : v.toLocaleString('en'));
  return [
    '| server | start to healthy ms | RSS 2 s after start MB | peak RSS MB |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.server} | ${Math.round(r.startMs).toLocaleString('en')} | ${mb(r.rssAfterStart)} | ${mb(r.peak)} |`),
  ].join('\n');
}
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

type BenchDatabase = { db: Database; env: Record<string, string>; cleanup(): Promise<void> };

async function openBenchDatabase(): Promise<BenchDatabase> {
  if (engine === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-bench-'));
    const db = await openPGlite({ dataDir: path.join(dataDir, 'pgdata') });
    return { db, env: { DATA_DIR: dataDir }, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  // BENCH_DB_NAME: its own database per concurrent bench run on one PostgreSQL (each drops it first).
  const name = process.env.BENCH_DB_NAME ?? 'offerpay_bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('BENCH_DB_NAME must be a lowercase SQL identifier');
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

/**
 * Migrates the bench database, seeds every selected module and picks the scenarios (--scenario). The
 * seeding connection is closed whatever happens: PGlite allows one process per data directory, and the
 * server starts next.
 */
async function seedScenarios(bench: BenchDatabase, baseUrl: string): Promise<Scenario[]> {
  try {
    await migrate(bench.db);
    const org = await createOrganisation({ db: bench.db, secretKey: Buffer.from(SECRET_KEY, 'hex') }, { name: 'Bench organisation' });
    const ctx: BenchContext = {
      baseUrl,
      db: bench.db,
      organisationId: org.organisation.id,
      apiToken: org.apiToken,
      merchantKey: org.merchant.key,
      merchantSecret: org.merchant.secret,
      adminToken: ADMIN_TOKEN,
      offerCount,
    };
    const scenarios: Scenario[] = [{ name: 'GET /healthz', request: { method: 'GET', path: '/healthz' } }];
    for (const { file, setup } of await loadScenarioModules()) {
      console.log(`seeding ${file} …`);
      scenarios.push(...(await setup(ctx)));
    }
    const chosen = args.scenario ? scenarios.filter((s) => s.name.includes(args.scenario!)) : scenarios;
    if (chosen.length === 0) throw new Error(`--scenario "${args.scenario}" names none of: ${scenarios.map((s) => s.name).join('; ')}`);
    if (engine === 'pglite') {
      // What PostgreSQL's settle does before each scenario, once: otherwise the embedded server's own
      // maintenance would vacuum and analyze the freshly seeded tables, and write them out, during the first scenarios.
      const started = performance.now();
      const tables = await maintainTables(bench.db, { pauseMs: 0 });
      await bench.db.exec('CHECKPOINT');
      console.log(`vacuumed and analyzed ${tables.length} tables, then a checkpoint, in ${Math.round(performance.now() - started)} ms`);
    }
    return chosen;
  } finally {
    await bench.db.close();
  }
}

async function main(): Promise<void> {
  const startLoad = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
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
  const rows: Row[] = [baseline];
  const footprints: ServerFootprint[] = [];
  // One cleanup path: whatever fails, the bare server stops and the bench database goes.
  try {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const scenarios = await seedScenarios(bench, baseUrl);
    const settle = settler(bench.env.DATABASE_URL);
    // Measured before offerpay starts, so its background workers do not share the machine with them.
    if (bench.env.DATABASE_URL && whole) rows.push(...(await referenceRows(bench.env.DATABASE_URL, bare, settle)));

    const profileArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench', 'results', 'profiles')}`] : [];
    // One server per distinct serverEnv, in the order the scenarios first ask for it.
    const groups = new Map<string, Scenario[]>();
    for (const scenario of scenarios) {
      const key = JSON.stringify(scenario.serverEnv ?? {});
      groups.set(key, [...(groups.get(key) ?? []), scenario]);
    }
    for (const [serverEnv, group] of groups) {
      const server = startProcess(serverArgs(profileArgs, 'serve'), {
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
      const footprint: ServerFootprint = { server: `bench server ${serverEnv}`, startMs: 0, rssAfterStart: null, peak: null };
      try {
        const t0 = performance.now();
        await waitFor(`${baseUrl}/healthz`, server.child, server.output, 5);
        footprint.startMs = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 2000));
        footprint.rssAfterStart = memoryMb(server.child.pid)?.rss ?? null;
        for (const scenario of group) rows.push(await measureBeside(bare, settle, scenario.name, baseUrl, scenario, server.child.pid));
        footprint.peak = memoryMb(server.child.pid)?.peak ?? null;
      } finally {
        await stop(server.child);
        footprints.push(footprint);
      }
    }
  } finally {
    await bare.stop();
    await bench.cleanup();
  }

  // Webhook delivery: events per second to a local receiver and the commit-to-arrival lag (PostgreSQL only).
  let delivery = '';
  if (engine === 'postgres' && !args.scenario && (!args.only || 'webhooks'.includes(args.only))) {
    console.log('running webhook delivery …');
    const { deliveryBench } = await import('./scenarios/webhooks.js');
    // 500/s, then issue 17's 2,000/s. A failure here (a saturated host refusing connections) must not
    // lose the table measured above.
    const rows: string[] = [];
    for (const rate of ['500', '2000']) {
      const d = await deliveryBench({ rate, seconds: String(duration), backlog: '5000', workers: '1' }).catch((error: unknown) => {
        console.error(error);
        return null;
      });
      rows.push(
        d
          ? `| ${d.rate} events/s for ${d.seconds} s, 1 worker | ${d.delivered}/${d.total} | ${d.lagP50} | ${d.lagP99} | ${d.lagMax} | ${d.backlogPerSecond} (${d.backlog} events) |`
          : `| ${rate} events/s: failed in this run (see the console) | | | | | |`,
      );
    }
    delivery = [
      '| webhook delivery | delivered | lag p50 ms | lag p99 ms | lag max ms | backlog drain events/s |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n');
  }

  // The embedded engine's start times on an empty data directory, measured last: the machine is quiet then.
  if (engine === 'pglite' && whole) {
    console.log('measuring first start and restart …');
    footprints.unshift(...(await startTimes({ SECRET_KEY, ADMIN_TOKEN, LOG_LEVEL: 'warn', NODE_ENV: 'production' })));
  }
  const footprint = footprintTable(footprints);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  const report = [
    `# offerpay benchmark`,
    '',
    `${new Date().toISOString()} · Node ${process.version} · engine ${engine} · ${connections} connections · ${duration} s per scenario · ${offerCount.toLocaleString('en')} offers · ${os.cpus().length} CPUs · load average at the start ${startLoad}, at the end ${load} (1 / 5 / 15 min)`,
    '',
    table(rows),
    '',
    `Server process footprint (${engine === 'pglite' ? 'the embedded database included' : 'PostgreSQL not included'}; peak = VmHWM when it stopped):`,
    '',
    footprint,
    '',
    delivery,
    '',
  ].join('\n');
  console.log(`\n${table(rows)}\n\n${footprint}\n\n${delivery}`);
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', args.out), report);
  console.log(`\nwritten to bench/results/${args.out}`);
}

await main();
