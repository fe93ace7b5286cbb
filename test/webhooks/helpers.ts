// Test scaffolding for webhooks: an app with the webhook routes (registered here until app.ts does),
// and a real HTTP receiver on 127.0.0.1 that records what it gets.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createOrganisation, type CreatedOrganisation } from '../../src/organisations/service.js';
import type { App, Deps } from '../../src/platform/deps.js';
import type { Clock } from '../../src/platform/time.js';
import type { Turn } from '../../src/webhooks/claim-turn.js';
import type { AttemptRecord, ClaimedRow } from '../../src/webhooks/delivery-claims-repository.js';
import { statesAllowing } from '../../src/webhooks/states.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { ADMIN_TOKEN, bearer, json, tempDataDir } from '../helpers/app.js';
import { engines, freshDatabase, type TestDatabase } from '../helpers/db.js';

export interface WebhookTestApp {
  engine: TestDatabase['engine'];
  app: App;
  deps: Deps;
  testDb: TestDatabase;
  newOrganisation(): Promise<CreatedOrganisation>;
}

export async function createWebhookTestApp(
  engine: TestDatabase['engine'],
  clock?: Clock,
): Promise<WebhookTestApp & { close(): Promise<void> }> {
  const testDb = await freshDatabase(engine);
  const dataDir = tempDataDir();
  const config = loadConfig({
    ADMIN_TOKEN,
    PUBLIC_URL: 'http://offerpay.test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
  });
  const deps: Deps = { config, db: testDb.db, secretKey: crypto.randomBytes(32), clock: clock ?? { now: () => new Date() } };
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  return {
    engine,
    app,
    deps,
    testDb,
    newOrganisation: () => createOrganisation(deps, { name: `Org ${crypto.randomBytes(3).toString('hex')}` }),
    close: async () => {
      await app.close();
      await testDb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One suite per engine (PGlite; PostgreSQL too with TEST_DATABASE_URL), each on a fresh database. */
export function describeWebhooks(
  name: string,
  body: (ctx: () => WebhookTestApp, engine: TestDatabase['engine']) => void,
  options: { clock?: Clock; engines?: TestDatabase['engine'][] } = {},
): void {
  for (const engine of options.engines ?? engines) {
    describe(`${name} [${engine}]`, () => {
      let current: (WebhookTestApp & { close(): Promise<void> }) | undefined;
      before(async () => {
        current = await createWebhookTestApp(engine, options.clock);
      });
      after(async () => {
        await current?.close();
      });
      body(() => {
        if (!current) throw new Error('test app not ready');
        return current;
      }, engine);
    });
  }
}

export interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** Decides the response; default 200 "ok". Return null to never answer (a hanging receiver). */
  respond: (req: Received) => { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } | null;
  /** Most requests open at once, per path. */
  maxConcurrent: Map<string, number>;
  /** Resolves when `n` requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const waiters: { n: number; resolve: () => void }[] = [];
  const receiver: Receiver = {
    url: '',
    requests: [],
    respond: () => ({ status: 200, body: 'ok' }),
    maxConcurrent: new Map(),
    waitFor(n, timeoutMs = 10_000) {
      if (receiver.requests.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver got ${receiver.requests.length} of ${n} requests`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const open = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    open.set(path, (open.get(path) ?? 0) + 1);
    receiver.maxConcurrent.set(path, Math.max(receiver.maxConcurrent.get(path) ?? 0, open.get(path)!));
    res.on('close', () => open.set(path, open.get(path)! - 1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: Received = {
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      receiver.requests.push(received);
      for (const w of waiters.filter((w) => receiver.requests.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      const answer = receiver.respond(received);
      if (answer === null) return; // hang
      const reply = () => {
        res.writeHead(answer.status, answer.headers ?? { 'content-type': 'text/plain' });
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

export async function createWebhook(t: WebhookTestApp, apiToken: string, body: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'POST', url: '/webhooks', headers: bearer(apiToken), payload: body });
  if (response.statusCode !== 201) throw new Error(`create webhook: ${response.statusCode} ${response.body}`);
  return json<{ id: string; secret: string; url: string; events: string[] }>(response);
}

export async function setCallbackUrl(t: WebhookTestApp, organisationId: string, url: string | null) {
  const response = await t.app.inject({
    method: 'PATCH',
    url: `/admin/organisations/${organisationId}/merchant`,
    headers: bearer(ADMIN_TOKEN),
    payload: { callback_url: url },
  });
  if (response.statusCode !== 200) throw new Error(`set callback: ${response.statusCode} ${response.body}`);
}

/** Runs the delivery worker until there is nothing left to do now. */
export async function drain(deps: Deps): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await runOnce(deps);
    if (r.dispatched === 0 && r.attempted === 0) return;
  }
  throw new Error('the worker did not settle');
}

/** A delivery turn at `now` (claim-turn.ts) as the worker makes one: its claimable states, a lease of a minute. */
export const turnAt = (now: Date, records: AttemptRecord[], cap: number, limit: number): Turn => ({
  records,
  now,
  cap,
  limit,
  from: statesAllowing('claim'),
  leaseUntil: new Date(now.getTime() + 60_000),
  leaseToken: crypto.randomUUID(),
});

/** A claimed delivery's attempt at `now`: delivered with a 200, unless `outcome` says otherwise. */
export const attemptOf = (row: ClaimedRow, now: Date, outcome: Partial<AttemptRecord> = {}): AttemptRecord => ({
  deliveryId: row.id,
  leaseToken: row.lease_token,
  attempt: row.attempts_total,
  url: 'http://127.0.0.1:9/',
  startedAt: now,
  statusCode: 200,
  latencyMs: 5,
  response: 'ok',
  error: null,
  succeeded: true,
  status: 'delivered',
  nextAttemptAt: null,
  now,
  ...outcome,
});
