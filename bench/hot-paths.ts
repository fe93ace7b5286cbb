// The hot paths' own CPU, in one process, without HTTP sockets or a load generator: the app is built
// as `serve` builds it (its logger at LOG_LEVEL, default info) on PostgreSQL, and requests go through
// `app.inject`, CONCURRENCY in flight, in ROUNDS interleaved rounds (the median counts: a shared host's
// load drifts within a minute). Beside them, the reference rows' handlers (Fastify + pg: one
// `SELECT 1`, one durable INSERT) run the same way, so the ratios compare like with like even on a
// host whose load inflates every absolute number. PostgreSQL's own CPU is not counted (another process).
//
//   node --import tsx bench/hot-paths.ts [--requests 400] [--rounds 5] [--warm-up 50] [--profile] > /dev/null   (the report goes to stderr)
//
// `--instructions` counts the instructions each request executes instead of its CPU time. On an
// otherwise idle host repeated runs stay within about 17 %, closer than the time; beside other work
// the count rises too (V8's helper threads wait longer), so compare runs made with nothing else
// running (bench/README.md, *Session 16*). The bench then runs itself under valgrind's callgrind
// (valgrind must be installed), about 50 times slower, e.g.
//
//   node --import tsx bench/hot-paths.ts --instructions --warm-up 2000 --requests 2000 --rounds 1
//
// Everything the process does while a scenario runs is counted (V8's compiler and collector threads
// included); PostgreSQL's work is not. A long warm-up matters: V8 is still compiling after a few hundred.
//
// BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; database
// offerpay_hot_<pid>, dropped at the end. `--profile` writes bench/results/profiles/hot-<scenario>.cpuprofile.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { createOrganisation } from '../src/organisations/service.js';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '5' },
    'warm-up': { type: 'string', default: '50' },
    profile: { type: 'boolean', default: false },
    instructions: { type: 'boolean', default: false },
    scenario: { type: 'string' },
  },
});
const REQUESTS = Number(args.requests);
const ROUNDS = Number(args.rounds);
const WARM_UP = Number(args['warm-up']);
const UNIT = args.instructions ? 'instructions/request (callgrind)' : 'CPU ms/request (in-process, median)';
const CONCURRENCY = 10;

interface Inject {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}
type Injector = { inject(request: Inject): Promise<{ statusCode: number }> };

/** The scenarios, in the order they run and are reported (built in main). */
const NAMES = [
  'reference: Fastify + pg, 1 × SELECT 1',
  'reference: Fastify + pg, 1 × INSERT (durable commit)',
  'signed POST /api/v2/invoices/create',
  'signed POST /api/v2/invoices/{foreign_id}/cancel/',
  'GET /webhooks (API token)',
  'GET /admin/organisations (ADMIN_TOKEN)',
] as const;

/**
 * `--instructions`: each scenario runs alone in a process of its own under callgrind (another
 * scenario's garbage would otherwise be collected in its window), instrumentation off until its
 * measured requests start; two such processes at a time, one per core of the 2-core bench host.
 * A child reads its counts back from the dump callgrind writes, `<dir>/hot.<pid>.<n>` (n from 1), and
 * prints them as JSON lines for this process's report.
 */
const CALLGRIND_DIR = process.env.HOT_PATHS_CALLGRIND_DIR;

function underCallgrind(scenario: number): Promise<[string, number][]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-paths-'));
  const argv = [
    ...process.argv.slice(1).filter((a, i, all) => a !== '--scenario' && all[i - 1] !== '--scenario'),
    '--scenario',
    String(scenario),
  ];
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${path.join(dir, 'hot.%p')}`,
      process.execPath,
      ...process.execArgv,
      ...argv,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOT_PATHS_CALLGRIND_DIR: dir },
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`--instructions needs valgrind (Debian: apt-get install valgrind): ${error.message}`)));
    child.on('close', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      if (code !== 0)
        return reject(
          new Error(
            `${NAMES[scenario]}: exit ${code}\n${err
              .split('\n')
              .filter((line) => !/^==\d+==/.test(line))
              .join('\n')}`,
          ),
        );
      resolve(
        out
          .split('\n')
          .filter((line) => line.startsWith('['))
          .map((line) => JSON.parse(line) as [string, number]),
      );
    });
  });
}

const load = () => os.loadavg()[0]!.toFixed(1);

let dumps = 0;
const callgrind = (flag: string) => execFileSync('callgrind_control', [flag, String(process.pid)], { stdio: 'ignore' });
/** Dumps the counts since the last dump and returns their total instructions. */
function dumpedInstructions(): number {
  callgrind('--dump');
  const totals = /^totals: (\d+)/m.exec(fs.readFileSync(path.join(CALLGRIND_DIR!, `hot.${process.pid}.${++dumps}`), 'utf8'));
  if (!totals) throw new Error('callgrind wrote no totals');
  return Number(totals[1]);
}

/**
 * Per request over `n` requests, CONCURRENCY in flight: CPU ms (user + system of this process), or
 * with `--instructions` the instructions callgrind counted.
 */
async function cpuPerRequest(name: string, target: Injector, next: () => Inject, n = REQUESTS): Promise<number> {
  const session = args.profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  if (CALLGRIND_DIR) callgrind('--instr=on');
  const before = process.cpuUsage();
  let issued = 0;
  let failed = 0;
  const worker = async () => {
    while (issued < n) {
      issued++;
      const response = await target.inject(next());
      if (response.statusCode >= 400) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const used = process.cpuUsage(before);
  const instructions = CALLGRIND_DIR ? dumpedInstructions() : 0;
  if (CALLGRIND_DIR) callgrind('--instr=off');
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    const dir = path.join(import.meta.dirname, 'results', 'profiles');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `hot-${name.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
  if (failed > 0) throw new Error(`${name}: ${failed} of ${n} requests failed`);
  return args.instructions ? instructions / n : (used.user + used.system) / 1000 / n;
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `offerpay_hot_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  const rows: [string, number][] = [];
  const startLoad = load();
  // Closed in `finally`, so that a failing scenario reports its own error, not the pool's when its
  // database is dropped under it.
  const opened: { close(): Promise<unknown> }[] = [];
  try {
    await migrate(db);
    const adminToken = crypto.randomBytes(24).toString('hex');
    const secretKey = crypto.randomBytes(32);
    const env = { ...process.env, DATABASE_URL: url.toString(), SECRET_KEY: secretKey.toString('hex'), ADMIN_TOKEN: adminToken };
    const config = loadConfig({ ...env, RATE_LIMITS: 'off' });
    const deps = { config, db, secretKey, clock: { now: () => new Date() } };
    const org = await createOrganisation(deps, { name: 'Hot paths' });
    const app = await buildApp(deps);
    opened.push(app);
    await app.ready();

    const reference = Fastify();
    const pool = new pg.Pool({ connectionString: url.toString(), max: 20 });
    // A client still closing when the database is dropped must not end the run before its report.
    pool.on('error', () => {});
    opened.push(reference, { close: () => pool.end() });
    await pool.query('CREATE TABLE bench_reference_writes (id bigserial PRIMARY KEY, body text NOT NULL)');
    reference.get('/one', async () => (await pool.query({ name: 'reference_one', text: 'SELECT 1 AS one' })).rows[0]);
    reference.post('/write', async () => {
      const { rows } = await pool.query({
        name: 'reference_write',
        text: 'INSERT INTO bench_reference_writes (body) VALUES ($1) RETURNING id',
        values: ['{}'],
      });
      return { id: rows[0].id };
    });
    await reference.ready();

    const run = crypto.randomBytes(3).toString('hex');
    const signed = (url: string, body: string): Inject => ({
      method: 'POST',
      url,
      payload: body,
      headers: {
        'content-type': 'application/json',
        'x-processing-key': org.merchant.key,
        'x-processing-signature': crypto.createHmac('sha512', org.merchant.secret).update(body).digest('hex'),
      },
    });
    let created = 0;
    let cancelled = 0;
    const create = () =>
      signed(
        '/api/v2/invoices/create',
        JSON.stringify({
          timer: true,
          title: 'Bench order',
          currency: 'EUR',
          amount: '106.75',
          sender_currency: 'BTC',
          foreign_id: `hot-${run}-${++created}`,
          url_success: 'https://shop.example.com/ok',
          url_failed: 'https://shop.example.com/failed',
        }),
      );
    const bearer = { authorization: `Bearer ${org.apiToken}` };
    const all: [Injector, () => Inject][] = [
      [reference, () => ({ method: 'GET', url: '/one' })],
      [reference, () => ({ method: 'POST', url: '/write' })],
      [app, create],
      // Cancels the invoices the create scenario made, in the same order.
      [app, () => signed(`/api/v2/invoices/hot-${run}-${++cancelled}/cancel/`, '{}')],
      [app, () => ({ method: 'GET', url: '/webhooks', headers: bearer })],
      [app, () => ({ method: 'GET', url: '/admin/organisations?limit=30', headers: { authorization: `Bearer ${adminToken}` } })],
    ];
    const only = args.scenario === undefined ? null : Number(args.scenario);
    const scenarios = all.map(([target, next], i) => [NAMES[i]!, target, next] as const).filter((_, i) => only === null || i === only);
    // Alone, the cancel first needs the invoices the create scenario would have made.
    if (only === 3) for (let i = 0; i < WARM_UP + ROUNDS * REQUESTS; i++) await app.inject(create());
    // Warm-up (compiled serializers, prepared statements, cached credentials), then the rounds.
    // The cancels need as many invoices as they will cancel: the create's warm-up makes the warm-up's.
    for (const [, target, next] of scenarios) {
      let issued = 0;
      const worker = async () => {
        while (issued++ < WARM_UP) await target.inject(next());
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    }
    const samples = new Map<string, number[]>(scenarios.map(([s]) => [s, []]));
    for (let round = 0; round < ROUNDS; round++) {
      console.error(`round ${round + 1} of ${ROUNDS} …`);
      for (const [scenario, target, next] of scenarios) samples.get(scenario)!.push(await cpuPerRequest(scenario, target, next));
    }
    for (const [scenario, values] of samples) rows.push([scenario, values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!]);
  } finally {
    for (const o of opened.reverse()) await o.close().catch((error: unknown) => console.error(error));
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  if (CALLGRIND_DIR) {
    for (const row of rows) console.log(JSON.stringify(row));
    return;
  }
  report(rows, startLoad);
}

const ratio = (value: number, reference: number) => (Number.isNaN(reference) ? '' : (value / reference).toFixed(2));

function report(rows: [string, number][], startLoad: string): void {
  // With --scenario, a reference row may be missing: its ratios are left empty.
  const ref = (label: string) => rows.find(([s]) => s.startsWith(label))?.[1] ?? Number.NaN;
  const [select, insert] = [ref('reference: Fastify + pg, 1 × SELECT'), ref('reference: Fastify + pg, 1 × INSERT')];
  const report = [
    `hot paths · Node ${process.version} ${process.execArgv.filter((a) => a.startsWith('--') && !a.startsWith('--import')).join(' ')} · LOG_LEVEL ${process.env.LOG_LEVEL ?? 'info'} · REQUEST_LOG ${process.env.REQUEST_LOG ?? 'all'} · median of ${ROUNDS} rounds of ${REQUESTS} requests, ${CONCURRENCY} in flight · load average ${startLoad} → ${load()}`,
    '',
    `| scenario | ${UNIT} | × SELECT 1 row | × INSERT row |`,
    '|---|---:|---:|---:|',
    ...rows.map(
      ([s, v]) =>
        `| ${s} | ${args.instructions ? Math.round(v).toLocaleString('en') : v.toFixed(3)} | ${ratio(v, select)} | ${ratio(v, insert)} |`,
    ),
  ].join('\n');
  console.error(`\n${report}`);
}

if (args.instructions && !CALLGRIND_DIR) {
  const startLoad = load();
  const rows: [string, number][] = [];
  const queue = NAMES.map((_, i) => i);
  const next = async (): Promise<void> => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      console.error(`${NAMES[i]} under callgrind …`);
      rows.push(...(await underCallgrind(i)));
    }
  };
  await Promise.all([next(), next()]);
  report(
    NAMES.map((name) => rows.find(([s]) => s === name)!),
    startLoad,
  );
} else await main();
