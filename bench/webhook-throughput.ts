// Webhook delivery throughput on PostgreSQL: lag from commit to arrival at a steady event rate, and
// the rate at which a backlog drains, with N worker processes (one per replica) and a local receiver
// that counts every delivery, so duplicates show.
//
//   node --import tsx bench/webhook-throughput.ts [--rate 2000] [--seconds 10] [--backlog 30000]
//        [--workers 1] [--endpoints 10] [--per-target N] [--in-flight 64] [--warm-up 0]
//
// By default the steady rate meets workers that have sent nothing yet (a replica just started).
// `--warm-up N` first commits N events at once and waits for them and a second of idleness, so the
// rate meets a worker that has run (compiled code, open connections), idle-polling as it would be.
// The steady phase also prints its worst lag per second, which tells a start-up queue from a slow creep.
//
// The workers run the server's own loop (startWebhookWorker) with its defaults unless told otherwise,
// each in its own process with its own pool, like replicas. Events go round-robin to `--endpoints`
// organisations with one endpoint each: one endpoint alone is capped by its slots (WEBHOOK_CONCURRENCY's
// default unless --per-target says), not by the worker. The producer commits one transaction per event.
// PostgreSQL from BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    role: { type: 'string', default: 'bench' },
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    backlog: { type: 'string', default: '30000' },
    workers: { type: 'string', default: '1' },
    endpoints: { type: 'string', default: '10' },
    'per-target': { type: 'string' },
    'in-flight': { type: 'string', default: '64' },
    'warm-up': { type: 'string', default: '0' },
    profile: { type: 'boolean', default: false },
  },
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
/** User + system CPU seconds of the worker processes (Linux /proc). */
const cpuSeconds = (children: ChildProcess[]) =>
  children.reduce((sum, c) => {
    const fields = fs.readFileSync(`/proc/${c.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A worker process: the server's delivery loop against DATABASE_URL until SIGTERM. */
async function workerProcess(): Promise<void> {
  const { loadConfig } = await import('../src/config.js');
  const { openPostgres } = await import('../src/db/postgres.js');
  const { startWebhookWorker } = await import('../src/webhooks/worker.js');
  const db = await openPostgres(process.env.DATABASE_URL!);
  const counted = countingStatements(db);
  const config = loadConfig({ ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true', LOG_LEVEL: 'silent' });
  const deps = { config, db, secretKey: Buffer.from(process.env.SECRET_KEY!, 'hex'), clock: { now: () => new Date() } };
  const worker = startWebhookWorker(deps, {
    perTargetConcurrency: args['per-target'] ? Number(args['per-target']) : undefined,
    maxInFlight: Number(args['in-flight']),
    onError: (e) => console.error(e),
  });
  process.send?.('ready');
  process.once('SIGTERM', () => {
    void worker
      .stop()
      .then(() => console.log(`worker ${process.pid}: ${counted.statements} statements in ${counted.transactions} transactions`))
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}

/** Counts the statements (BEGIN/COMMIT not included) and transactions a worker sends, for statements per event. */
function countingStatements(db: import('../src/db/database.js').Database) {
  const counts = { statements: 0, transactions: 0 };
  type Q = import('../src/db/database.js').Queryable;
  const counted = (q: Q): Q => ({
    query: (sql, params, options) => {
      counts.statements++;
      return q.query(sql, params, options);
    },
    exec: (sql) => {
      counts.statements++;
      return q.exec(sql);
    },
  });
  const original = { query: db.query.bind(db), exec: db.exec.bind(db), transaction: db.transaction.bind(db) };
  Object.assign(db, counted(original), {
    transaction: <T>(fn: (tx: Q) => Promise<T>) => {
      counts.transactions++;
      return original.transaction((tx: Q) => fn(counted(tx)));
    },
  });
  return counts;
}

export interface ThroughputResult {
  rate: number;
  warmUp: number;
  achievedRate: number;
  seconds: number;
  workers: number;
  endpoints: number;
  delivered: number;
  total: number;
  duplicates: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  backlog: number;
  backlogPerSecond: number;
  workerCpuMs: number;
  load: string;
}

async function bench(): Promise<ThroughputResult> {
  const rate = Number(args.rate);
  const seconds = Number(args.seconds);
  const backlog = Number(args.backlog);
  const workerCount = Number(args.workers);
  const endpointCount = Number(args.endpoints);
  const warmUp = Number(args['warm-up']);
  const { migrate } = await import('../src/db/migrate.js');
  const { openPostgres } = await import('../src/db/postgres.js');
  const { createOrganisation } = await import('../src/organisations/service.js');
  const { createEndpoint } = await import('../src/webhooks/service.js');

  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `offerpay_bench_throughput_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { max: 20 });
  const secretKey = crypto.randomBytes(32);

  // The receiver: arrival lag of the steady events, and every event id counted (duplicates).
  const lags: number[] = [];
  /** The worst lag of the events sent in each second of the steady phase. */
  const worstPerSecond: number[] = [];
  let steadyStarted = 0;
  const seen = new Map<string, number>();
  let received = 0;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received++;
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { event: { id: string }; data: { sentAt?: number } };
      seen.set(body.event.id, (seen.get(body.event.id) ?? 0) + 1);
      if (body.data.sentAt) {
        const lag = Date.now() - body.data.sentAt;
        const second = Math.floor((body.data.sentAt - steadyStarted) / 1000);
        lags.push(lag);
        worstPerSecond[second] = Math.max(worstPerSecond[second] ?? 0, lag);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const workers: ChildProcess[] = [];
  try {
    await migrate(db);
    const { loadConfig } = await import('../src/config.js');
    const config = loadConfig({ ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true', LOG_LEVEL: 'silent' });
    const deps = { config, db, secretKey, clock: { now: () => new Date() } };
    const organisations: string[] = [];
    for (let i = 0; i < endpointCount; i++) {
      const org = await createOrganisation(deps, { name: `Bench ${i}` });
      await createEndpoint(deps, org.organisation.id, { url: receiverUrl, events: ['*'] });
      organisations.push(org.organisation.id);
    }
    for (let i = 0; i < workerCount; i++) {
      const child = spawn(
        process.execPath,
        [
          ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(import.meta.dirname, 'results', 'profiles')}`] : []),
          '--import',
          'tsx',
          import.meta.filename,
          '--role',
          'worker',
          ...(args['per-target'] ? ['--per-target', args['per-target']] : []),
          '--in-flight',
          args['in-flight']!,
        ],
        {
          env: { ...process.env, DATABASE_URL: url.toString(), SECRET_KEY: secretKey.toString('hex') },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        },
      );
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
      workers.push(child);
    }

    // 0. Optionally, a worker that has run: a burst delivered, then a second of idleness.
    const burst = (count: number, prefix: string) =>
      db.query(
        `INSERT INTO outbox (organisation_id, event_id, topic, payload)
         SELECT ($1::uuid[])[1 + g % cardinality($1::uuid[])], $3 || g, 'offer.updated', jsonb_build_object('data', jsonb_build_object('n', g))
           FROM generate_series(1, $2::int) AS g`,
        [organisations, count, prefix],
      );
    if (warmUp > 0) {
      await burst(warmUp, 'evt_warm_');
      while (received < warmUp) await sleep(20);
      await sleep(1000);
      received = 0;
    }

    // 1. Lag at a steady rate: 32 producer connections, one autocommitted INSERT per event (a business
    // transaction's outbox row: enqueue's columns), each sent when its slot in the schedule comes.
    const total = rate * seconds;
    const producers = await Promise.all(
      Array.from({ length: 32 }, async () => {
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        return client;
      }),
    );
    const started = Date.now();
    steadyStarted = started;
    let sent = 0;
    await Promise.all(
      producers.map(async (client) => {
        for (let i = sent++; i < total; i = sent++) {
          const wait = started + (i * 1000) / rate - Date.now();
          if (wait > 0) await sleep(wait);
          await client.query("INSERT INTO outbox (organisation_id, event_id, topic, payload) VALUES ($1, $2, 'offer.updated', $3)", [
            organisations[i % organisations.length],
            `evt_steady_${i}`,
            JSON.stringify({ data: { sentAt: Date.now() } }),
          ]);
        }
        await client.end();
      }),
    );
    const achievedRate = Math.round(total / ((Date.now() - started) / 1000));
    while (received < total && Date.now() - started < (seconds + 60) * 1000) await sleep(20);
    lags.sort((a, b) => a - b);
    const steady = { delivered: received, total, lagP50: percentile(lags, 50), lagP99: percentile(lags, 99), lagMax: lags.at(-1) ?? NaN };
    console.log(
      `steady ${rate}/s (producer reached ${achievedRate}/s) for ${seconds} s, ${workerCount} worker(s), ${endpointCount} endpoints: ` +
        `${received}/${total} delivered · lag p50 ${steady.lagP50} ms · p99 ${steady.lagP99} ms · max ${steady.lagMax} ms · load ${os.loadavg()[0]!.toFixed(1)}` +
        `${warmUp > 0 ? ` · after a warm-up of ${warmUp} events` : ' · workers cold'}\n  worst lag per second sent: ${worstPerSecond.map((l) => l ?? '-').join(' ')} ms`,
    );

    // 2. A backlog committed at once (one statement), drained by the same workers.
    const before = received;
    const cpuBefore = cpuSeconds(workers);
    await burst(backlog, 'evt_backlog_');
    const t0 = Date.now();
    while (received - before < backlog && Date.now() - t0 < 300_000) await sleep(20);
    const elapsed = (Date.now() - t0) / 1000;
    const backlogPerSecond = Math.round((received - before) / elapsed);
    const workerCpuMs = ((cpuSeconds(workers) - cpuBefore) * 1000) / Math.max(1, received - before);
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    await sleep(500); // a late duplicate would arrive now
    const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
    console.log(
      `backlog of ${backlog}: ${received - before} delivered in ${elapsed.toFixed(2)} s · ${backlogPerSecond} events/s · ` +
        `worker CPU ${workerCpuMs.toFixed(2)} ms/event · duplicates ${duplicates} · distinct events ${seen.size} · load ${load}`,
    );
    return {
      rate,
      warmUp,
      achievedRate,
      seconds,
      workers: workerCount,
      endpoints: endpointCount,
      ...steady,
      duplicates,
      backlog,
      backlogPerSecond,
      workerCpuMs,
      load,
    };
  } finally {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise((r) => {
            w.once('exit', r);
            w.kill('SIGTERM');
          }),
      ),
    );
    await db.close();
    receiver.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (args.role === 'worker') await workerProcess();
else if (import.meta.url === `file://${process.argv[1]}`) await bench();
