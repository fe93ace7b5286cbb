// Scale past one machine: 1, 2 and 3 server processes on one PostgreSQL behind a small local
// round-robin proxy (what a load balancer does), measured on the uncached offers list and the signed
// invoice create; then, with every replica running, a burst of webhook events whose deliveries are
// counted at a local receiver: the replicas' workers share the work and none is sent twice.
//
//   npm run build && node --import tsx bench/replicas.ts [--replicas 3] [--duration 10] [--offers 100000] [--events 3000]
//
// PostgreSQL from BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { createOrganisation } from '../src/organisations/service.js';
import { createEndpoint } from '../src/webhooks/service.js';
import seedOffers from './scenarios/offers.js';
import { serverArgs } from './server-command.js';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    replicas: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    offers: { type: 'string', default: '100000' },
    events: { type: 'string', default: '3000' },
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function startReplica(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, serverArgs([], 'serve'), {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
    if (child.exitCode !== null) throw new Error('a replica exited at start');
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
  }
  throw new Error('a replica did not start');
}

/** Round-robin over the backends, keep-alive to each: the load balancer in front of the replicas. */
function startProxy(): { url: Promise<string>; backends: string[]; close(): void } {
  const backends: string[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  let next = 0;
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', backends[next++ % backends.length]);
    const upstream = http.request(target, { method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  const url = new Promise<string>((r) =>
    server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
  return { url, backends, close: () => server.close() };
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = 'offerpay_bench_replicas';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const secretKey = crypto.randomBytes(32);
  const db = await openPostgres(dbUrl.toString());
  const replicas: ChildProcess[] = [];
  const proxy = startProxy();
  const received = new Map<string, number>();
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (JSON.parse(Buffer.concat(chunks).toString()) as { event: { id: string } }).event.id;
      received.set(id, (received.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  try {
    await migrate(db);
    const config = loadConfig({ ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true', LOG_LEVEL: 'silent' });
    const deps = { config, db, secretKey, clock: { now: () => new Date() } };
    const org = await createOrganisation(deps, { name: 'Replicas bench' });
    console.log(`seeding ${args.offers} offers …`);
    const [list] = await seedOffers({ baseUrl: '', db, apiToken: org.apiToken, organisationId: org.organisation.id }, Number(args.offers));
    const run = crypto.randomBytes(4).toString('hex');
    let created = 0;
    const createRequest = (): autocannon.Request => ({
      method: 'POST',
      path: '/api/v2/invoices/create',
      setupRequest: (req) => {
        const body = JSON.stringify({
          timer: true,
          title: 'Bench order',
          currency: 'EUR',
          amount: '106.75',
          sender_currency: 'BTC',
          foreign_id: `replicas-${run}-${++created}`,
          url_success: 'https://shop.example.com/ok',
          url_failed: 'https://shop.example.com/failed',
        });
        const signature = crypto.createHmac('sha512', org.merchant.secret).update(body).digest('hex');
        const headers = { 'content-type': 'application/json', 'x-processing-key': org.merchant.key, 'x-processing-signature': signature };
        return { ...req, body, headers };
      },
    });
    const env = {
      DATABASE_URL: dbUrl.toString(),
      SECRET_KEY: secretKey.toString('hex'),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      RATE_LIMITS: 'off',
      OFFERS_LIST_CACHE_MB: '0',
      ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
    };
    const proxyUrl = await proxy.url;
    const rows: string[] = [];
    for (let n = 1; n <= Number(args.replicas); n++) {
      const replica = await startReplica(env);
      replicas.push(replica.child);
      proxy.backends.push(replica.url);
      await admin.query('CHECKPOINT');
      for (const [label, request] of [
        [
          'GET /offers (uncached), open+signing newest first, page 3',
          { method: 'GET', path: list!.request.path, headers: list!.request.headers },
        ],
        ['signed POST /api/v2/invoices/create', createRequest()],
      ] as const) {
        const result = await autocannon({
          url: proxyUrl,
          connections: 50,
          duration: Number(args.duration),
          requests: [request as autocannon.Request],
        });
        const errors = result.non2xx + result.errors + result.timeouts;
        const row = `| ${n} | ${label} | ${Math.round(result.requests.average).toLocaleString('en')} | ${result.latency.p99} | ${errors} | ${load()} |`;
        console.log(row);
        rows.push(row);
      }
    }

    // Every replica runs the delivery worker: a burst of events, each delivered exactly once.
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    await createEndpoint(deps, org.organisation.id, {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      events: ['*'],
    });
    const events = Number(args.events);
    const t0 = Date.now();
    await db.query(
      `INSERT INTO outbox (organisation_id, event_id, topic, payload)
       SELECT $1, 'evt_replicas_' || g, 'offer.updated', jsonb_build_object('data', jsonb_build_object('n', g)) FROM generate_series(1, $2::int) AS g`,
      [org.organisation.id, events],
    );
    const count = () => [...received.values()].reduce((a, b) => a + b, 0);
    while (received.size < events && Date.now() - t0 < 300_000) await sleep(50);
    const seconds = (Date.now() - t0) / 1000;
    await sleep(2000); // a duplicate sent late would arrive now
    const { rows: attempts } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_delivery_attempts');
    const workers = `${replicas.length} replicas: ${events} events → ${received.size} distinct delivered, ${count()} requests received, ${count() - received.size} duplicates, ${attempts[0]!.n} attempts recorded, in ${seconds.toFixed(1)} s (${Math.round(received.size / seconds)} events/s) · load ${load()}`;
    console.log(workers);
    console.log(
      ['', '| replicas | scenario | req/s | p99 ms | errors | load average |', '|---:|---|---:|---:|---:|---|', ...rows, '', workers].join(
        '\n',
      ),
    );
  } finally {
    await Promise.all(
      replicas.map(
        (c) =>
          new Promise((r) => {
            c.once('exit', r);
            c.kill('SIGTERM');
          }),
      ),
    );
    proxy.close();
    receiver.close();
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
