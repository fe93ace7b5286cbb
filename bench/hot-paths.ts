// The hot paths' own CPU, in one process, without HTTP sockets or a load generator: the app is built
// as `serve` builds it (its logger at LOG_LEVEL, default info) on PostgreSQL, and requests go through
// `app.inject`, CONCURRENCY in flight, in ROUNDS interleaved rounds (the median counts: a shared host's
// load drifts within a minute). Beside them, the reference rows' handlers (Fastify + pg: one
// `SELECT 1`, one durable INSERT) run the same way, so the ratios compare like with like even on a
// host whose load inflates every absolute number. PostgreSQL's own CPU is not counted (another process).
//
//   node --import tsx bench/hot-paths.ts [--requests 400] [--rounds 5] [--profile] > /dev/null   (the report goes to stderr)
//
// BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; database
// offerpay_hot_<pid>, dropped at the end. `--profile` writes bench/results/profiles/hot-<scenario>.cpuprofile.
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
    profile: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(args.requests);
const ROUNDS = Number(args.rounds);
const CONCURRENCY = 10;

interface Inject {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}
type Injector = { inject(request: Inject): Promise<{ statusCode: number }> };

/** CPU ms per request (user + system of this process) over `n` requests, CONCURRENCY in flight. */
async function cpuPerRequest(name: string, target: Injector, next: () => Inject, n = REQUESTS): Promise<number> {
  const session = args.profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
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
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    const dir = path.join(import.meta.dirname, 'results', 'profiles');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `hot-${name.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
  if (failed > 0) throw new Error(`${name}: ${failed} of ${n} requests failed`);
  return (used.user + used.system) / 1000 / n;
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
  const load = () => os.loadavg()[0]!.toFixed(1);
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
    const scenarios: [string, Injector, () => Inject][] = [
      ['reference: Fastify + pg, 1 × SELECT 1', reference, () => ({ method: 'GET', url: '/one' })],
      ['reference: Fastify + pg, 1 × INSERT (durable commit)', reference, () => ({ method: 'POST', url: '/write' })],
      ['signed POST /api/v2/invoices/create', app, create],
      // Cancels the invoices the create scenario made, in the same order.
      ['signed POST /api/v2/invoices/{foreign_id}/cancel/', app, () => signed(`/api/v2/invoices/hot-${run}-${++cancelled}/cancel/`, '{}')],
      ['GET /webhooks (API token)', app, () => ({ method: 'GET', url: '/webhooks', headers: bearer })],
      [
        'GET /admin/organisations (ADMIN_TOKEN)',
        app,
        () => ({ method: 'GET', url: '/admin/organisations?limit=30', headers: { authorization: `Bearer ${adminToken}` } }),
      ],
    ];
    // Warm-up (compiled serializers, prepared statements, cached credentials), then the rounds.
    for (const [, target, next] of scenarios) for (let i = 0; i < 50; i++) await target.inject(next());
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
  const ref = (label: string) => rows.find(([s]) => s.startsWith(label))![1];
  const [select, insert] = [ref('reference: Fastify + pg, 1 × SELECT'), ref('reference: Fastify + pg, 1 × INSERT')];
  const report = [
    `hot paths · LOG_LEVEL ${process.env.LOG_LEVEL ?? 'info'} · REQUEST_LOG ${process.env.REQUEST_LOG ?? 'all'} · median of ${ROUNDS} rounds of ${REQUESTS} requests, ${CONCURRENCY} in flight · load average ${startLoad} → ${load()}`,
    '',
    '| scenario | CPU ms/request (in-process, median) | × SELECT 1 row | × INSERT row |',
    '|---|---:|---:|---:|',
    ...rows.map(([s, ms]) => `| ${s} | ${ms.toFixed(3)} | ${(ms / select).toFixed(2)} | ${(ms / insert).toFixed(2)} |`),
  ].join('\n');
  console.error(`\n${report}`);
}

await main();
