// Webhooks. Under `npm run bench`: the endpoints API as HTTP scenarios. Run directly for the delivery
// benchmark (events per second to a local receiver, lag from the business commit to the first attempt):
//
//   node --import tsx bench/scenarios/webhooks.ts [--rate 500] [--seconds 10] [--backlog 5000] [--workers 1]
//
// PostgreSQL from BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { ScenarioSetup } from '../scenario.js';

const setup: ScenarioSetup = async (ctx) => [
  {
    name: 'GET /available-webhook-events',
    request: { method: 'GET', path: '/available-webhook-events', headers: { authorization: `Bearer ${ctx.apiToken}` } },
  },
  { name: 'GET /webhooks', request: { method: 'GET', path: '/webhooks', headers: { authorization: `Bearer ${ctx.apiToken}` } } },
];
export default setup;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export interface DeliveryBenchResult {
  rate: number;
  seconds: number;
  delivered: number;
  total: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  backlog: number;
  backlogPerSecond: number;
}

/** Events delivered per second to a local receiver, and the lag from commit to arrival (PostgreSQL). */
export async function deliveryBench(
  values: { rate: string; seconds: string; backlog: string; workers: string } = {
    rate: '500',
    seconds: '10',
    backlog: '5000',
    workers: '1',
  },
): Promise<DeliveryBenchResult> {
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const backlog = Number(values.backlog);
  const { loadConfig } = await import('../../src/config.js');
  const { migrate } = await import('../../src/db/migrate.js');
  const { openPostgres } = await import('../../src/db/postgres.js');
  const { createOrganisation } = await import('../../src/organisations/service.js');
  const { enqueue } = await import('../../src/platform/outbox.js');
  const { createEndpoint } = await import('../../src/webhooks/service.js');
  const { startWebhookWorker } = await import('../../src/webhooks/worker.js');

  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `offerpay_bench_webhooks_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { max: 20 });

  const lags: number[] = [];
  let received = 0;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received++;
      const sentAt = JSON.parse(Buffer.concat(chunks).toString()).data.sentAt as number | undefined;
      if (sentAt) lags.push(Date.now() - sentAt);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const workerDbs = [];
  const workers = [];
  try {
    await migrate(db);
    const config = loadConfig({ ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true', LOG_LEVEL: 'silent' });
    const deps = { config, db, secretKey: crypto.randomBytes(32), clock: { now: () => new Date() } };
    const org = await createOrganisation(deps, { name: 'Bench' });
    await createEndpoint(deps, org.organisation.id, { url: receiverUrl, events: ['*'] });
    // Enough slots per endpoint for the rate: a fast receiver answers in about a millisecond.
    const options = { perTargetConcurrency: 32, maxInFlight: 64, onError: (e: unknown) => console.error(e) };
    for (let i = 0; i < Number(values.workers); i++) {
      const wdb = i === 0 ? db : await openPostgres(url.toString(), { max: 5 });
      if (i > 0) workerDbs.push(wdb);
      workers.push(startWebhookWorker({ ...deps, db: wdb }, options));
    }
    const event = (data: Record<string, unknown>) =>
      db.transaction((tx) => enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.updated', payload: { data } }));

    // 1. Lag at a steady rate, one transaction per event (like business changes).
    const total = rate * seconds;
    const started = Date.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
      const batch = [];
      for (; sent < due; sent++) batch.push(event({ sentAt: Date.now() }));
      await Promise.all(batch);
      await new Promise((r) => setTimeout(r, 5));
    }
    while (received < total && Date.now() - started < (seconds + 30) * 1000) await new Promise((r) => setTimeout(r, 20));
    lags.sort((a, b) => a - b);
    const steady = { delivered: received, total, lagP50: percentile(lags, 50), lagP99: percentile(lags, 99), lagMax: lags.at(-1) ?? NaN };
    console.log(
      `steady ${rate}/s for ${seconds} s: ${received}/${total} delivered · lag p50 ${steady.lagP50} ms · p99 ${steady.lagP99} ms · max ${steady.lagMax} ms`,
    );

    // 2. Throughput draining a backlog written at once.
    const before = received;
    await db.transaction(async (tx) => {
      for (let i = 0; i < backlog; i++)
        await enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.updated', payload: { data: { n: i } } });
    });
    const t0 = Date.now();
    while (received - before < backlog && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 20));
    const elapsed = (Date.now() - t0) / 1000;
    const backlogPerSecond = Math.round((received - before) / elapsed);
    console.log(`backlog of ${backlog}: ${received - before} delivered in ${elapsed.toFixed(2)} s · ${backlogPerSecond} events/s`);
    return { rate, seconds, ...steady, backlog, backlogPerSecond };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    for (const w of workerDbs) await w.close();
    await db.close();
    receiver.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '500' },
      seconds: { type: 'string', default: '10' },
      backlog: { type: 'string', default: '5000' },
      workers: { type: 'string', default: '1' },
    },
  });
  await deliveryBench(values);
}
