// Retention: old dispatched outbox rows and old finished deliveries (with their attempts) are pruned
// in batches; unfinished work stays whatever its age. Times come from a ManualClock and explicit `now`s.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import type { OutboxTopic } from '../../src/platform/events.js';
import type { Database, Queryable, QueryOptions } from '../../src/db/database.js';
import { enqueue } from '../../src/platform/outbox.js';
import { dispatchOutbox } from '../../src/webhooks/dispatcher.js';
import { pruneOnce, startRetentionWorker, type PruneResult } from '../../src/operations/retention.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { bearer, json, ManualClock } from '../helpers/app.js';
import { createWebhook, describeWebhooks, startReceiver, type Receiver, type WebhookTestApp } from './helpers.js';

const DAY = 24 * 60 * 60_000;
const clock = new ManualClock();
const T0 = clock.now().getTime();
const at = (ms: number) => new Date(ms);

/** The database, with every statement of `session` (where pruning runs) recorded. */
function recording(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const wrap = (conn: Queryable): Queryable => ({
    query: <T>(sql: string, params?: readonly unknown[], options?: QueryOptions) => {
      statements.push(sql.trim());
      return conn.query<T>(sql, params, options);
    },
    exec: (sql) => conn.exec(sql),
  });
  return {
    statements,
    db: {
      engine: db.engine,
      query: (sql, params, options) => db.query(sql, params, options),
      exec: (sql) => db.exec(sql),
      transaction: (fn) => db.transaction(fn),
      session: (fn) => db.session((conn) => fn(wrap(conn))),
      close: () => db.close(),
    },
  };
}

const count = async (t: WebhookTestApp, sql: string, params: unknown[] = []) =>
  (await t.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

/** `n` outbox rows dispatched at `dispatchedAt` (null: not dispatched). */
async function insertOutbox(t: WebhookTestApp, organisationId: string, prefix: string, n: number, dispatchedAt: Date | null) {
  await t.deps.db.query(
    `INSERT INTO outbox (organisation_id, event_id, topic, payload, created_at, dispatched_at)
     SELECT $1, $2 || i, 'offer.created', '{}', COALESCE($4::timestamptz, '2020-01-01T00:00:00Z'), $4::timestamptz FROM generate_series(1, $3::int) i`,
    [organisationId, prefix, n, dispatchedAt],
  );
}

/** `n` deliveries in `status` last changed at `updatedAt`, each with `attempts` attempts. */
async function insertDeliveries(
  t: WebhookTestApp,
  organisationId: string,
  endpointId: string,
  prefix: string,
  n: number,
  status: string,
  updatedAt: Date,
  attempts: number,
) {
  await t.deps.db.query(
    `INSERT INTO webhook_deliveries (id, organisation_id, event_id, topic, target_kind, target_key, endpoint_id, body, status, attempts, attempts_total, next_attempt_at, created_at, updated_at, delivered_at)
     SELECT gen_random_uuid(), $1, $3 || i, 'offer.created', 'endpoint', $2::text, $2::text::uuid, '{}', $5, $7, $7,
            CASE WHEN $5 IN ('pending', 'delivering') THEN $6::timestamptz END, $6, $6, CASE WHEN $5 = 'delivered' THEN $6::timestamptz END
       FROM generate_series(1, $4::int) i`,
    [organisationId, endpointId, prefix, n, status, updatedAt, attempts],
  );
  await t.deps.db.query(
    `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, url, started_at, status_code, latency_ms, succeeded)
     SELECT d.id, a, 'https://example.com/hook', d.updated_at, 500, 1, false
       FROM webhook_deliveries d, generate_series(1, $2::int) a WHERE d.event_id LIKE $1 || '%'`,
    [prefix, attempts],
  );
}

describeWebhooks(
  'retention: what goes and what stays',
  (ctx) => {
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver.close();
    });

    it('prunes dispatched outbox rows and finished deliveries with their attempts, keeps recent and unfinished work', async () => {
      const t = ctx();
      assert.equal(t.deps.config.retentionDays, 30);
      const org = await t.newOrganisation();
      const ok = await createWebhook(t, org.apiToken, { url: `${receiver.url}/ok`, events: ['offer.created'] });
      const bad = await createWebhook(t, org.apiToken, { url: `${receiver.url}/bad`, events: ['offer.updated'] });
      receiver.respond = (r) => (r.url === '/bad' ? { status: 500 } : { status: 200 });
      const emit = (topic: OutboxTopic) =>
        t.deps.db.transaction((tx) => enqueue(tx, { organisationId: org.organisation.id, topic, payload: { data: { id: topic } } }));
      const oneAttempt = { backoff: { baseMs: 60_000, maxMs: 60_000, maxAttempts: 1 } };

      // Each row takes its times from the clock, so creation order does not matter: recent first, then old.
      clock.set(at(T0 + 29 * DAY));
      const recentDelivered = await emit('offer.created');
      const recentFailed = await emit('offer.updated');
      assert.deepEqual(await runOnce(t.deps, oneAttempt), { dispatched: 2, attempted: 2, delivered: 1 });

      clock.set(at(T0));
      const oldDelivered = await emit('offer.created');
      const oldFailed = await emit('offer.updated');
      assert.deepEqual(await runOnce(t.deps, oneAttempt), { dispatched: 2, attempted: 2, delivered: 1 });
      // Old but unfinished: dispatched at T0 and never attempted (pending), and one claimed by a worker that died.
      const oldPending = await emit('offer.created');
      const oldDelivering = await emit('offer.created');
      assert.equal(await dispatchOutbox(t.deps), 2);
      await t.deps.db.query(
        "UPDATE webhook_deliveries SET status = 'delivering', lease_token = gen_random_uuid(), next_attempt_at = $2 WHERE event_id = $1",
        [oldDelivering, at(T0 + 40_000)],
      );
      // Never dispatched, written years ago.
      await insertOutbox(t, org.organisation.id, 'evt_undispatched_', 1, null);

      const statusOf = async (eventId: string) =>
        (await t.deps.db.query<{ status: string }>('SELECT status FROM webhook_deliveries WHERE event_id = $1', [eventId])).rows.map(
          (r) => r.status,
        );
      assert.deepEqual(await statusOf(oldDelivered), ['delivered']);
      assert.deepEqual(await statusOf(oldFailed), ['failed']);
      assert.deepEqual(await statusOf(oldPending), ['pending']);
      assert.deepEqual(await statusOf(oldDelivering), ['delivering']);
      const log = async (hookId: string) => {
        const body = json(
          await t.app.inject({ method: 'GET', url: `/webhooks/${hookId}/deliveries?limit=100`, headers: bearer(org.apiToken) }),
        );
        return { total: body.meta.totalItems as number, eventIds: (body.data as { eventId: string }[]).map((d) => d.eventId).sort() };
      };
      assert.deepEqual(await log(ok.id), { total: 4, eventIds: [recentDelivered, oldDelivered, oldPending, oldDelivering].sort() });
      assert.deepEqual(await log(bad.id), { total: 2, eventIds: [recentFailed, oldFailed].sort() });
      const oldIds = (
        await t.deps.db.query<{ id: string }>('SELECT id FROM webhook_deliveries WHERE event_id = ANY($1)', [[oldDelivered, oldFailed]])
      ).rows.map((r) => r.id);
      assert.equal(await count(t, 'webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[])', [oldIds]), 2);

      // Exactly RETENTION_DAYS later nothing is old enough yet (the cutoff is exclusive) …
      assert.deepEqual(await pruneOnce(t.deps, at(T0 + 30 * DAY)), {
        ran: true,
        outbox: 0,
        deliveries: 0,
        attempts: 0,
        emails: 0,
        idempotencyKeys: 0,
        nonces: 0,
      });
      // … a millisecond later the rows dispatched / finished at T0 go, unfinished ones stay.
      assert.deepEqual(await pruneOnce(t.deps, at(T0 + 30 * DAY + 1)), {
        ran: true,
        outbox: 4,
        deliveries: 2,
        attempts: 2,
        emails: 0,
        idempotencyKeys: 0,
        nonces: 0,
      });

      const outboxLeft = (await t.deps.db.query<{ event_id: string }>('SELECT event_id FROM outbox ORDER BY event_id')).rows.map(
        (r) => r.event_id,
      );
      assert.deepEqual(outboxLeft, ['evt_undispatched_1', recentDelivered, recentFailed].sort());
      assert.equal(
        await count(t, 'webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[])', [oldIds]),
        0,
        'their attempts are gone too',
      );
      assert.deepEqual(await log(ok.id), { total: 3, eventIds: [recentDelivered, oldPending, oldDelivering].sort() });
      assert.deepEqual(await log(bad.id), { total: 1, eventIds: [recentFailed] });
      const all = json(await t.app.inject({ method: 'GET', url: '/webhooks/deliveries?limit=100', headers: bearer(org.apiToken) }));
      assert.equal(all.meta.totalItems, 4);
      const redeliver = await t.app.inject({
        method: 'POST',
        url: `/webhooks/deliveries/${oldIds[0]}/redeliver`,
        headers: bearer(org.apiToken),
      });
      assert.equal(redeliver.statusCode, 404, 'a pruned delivery cannot be redelivered');

      // Years later: the recent ones go too; undispatched and unfinished work still stays.
      assert.deepEqual(await pruneOnce(t.deps, at(T0 + 3650 * DAY)), {
        ran: true,
        outbox: 2,
        deliveries: 2,
        attempts: 2,
        emails: 0,
        idempotencyKeys: 0,
        nonces: 0,
      });
      assert.deepEqual(
        (await t.deps.db.query<{ event_id: string; status: string }>('SELECT event_id, status FROM webhook_deliveries ORDER BY status'))
          .rows,
        [
          { event_id: oldDelivering, status: 'delivering' },
          { event_id: oldPending, status: 'pending' },
        ],
      );
      assert.deepEqual((await t.deps.db.query('SELECT event_id, dispatched_at FROM outbox')).rows, [
        { event_id: 'evt_undispatched_1', dispatched_at: null },
      ]);
      assert.deepEqual(
        await pruneOnce(t.deps, at(T0 + 3650 * DAY)),
        { ran: true, outbox: 0, deliveries: 0, attempts: 0, emails: 0, idempotencyKeys: 0, nonces: 0 },
        'idempotent',
      );

      // What stayed is still worked on: the pending delivery goes out, the undispatched row is dispatched.
      clock.set(at(T0 + 3650 * DAY));
      // Delivered: the pending one and the event just dispatched; then the one whose lease ran out (both
      // are events of the same offer, `data.id`, so the later one waits for the earlier one).
      assert.deepEqual(await runOnce(t.deps), { dispatched: 1, attempted: 2, delivered: 2 });
      assert.deepEqual(await runOnce(t.deps), { dispatched: 0, attempted: 1, delivered: 1 });
    });
  },
  { clock },
);

describeWebhooks(
  'retention: batches',
  (ctx) => {
    it('deletes in batches of batchSize until a batch comes back short', async () => {
      const t = ctx();
      const org = await t.newOrganisation();
      const hook = await createWebhook(t, org.apiToken, { url: 'https://example.com/hook', events: ['*'] });
      const old = at(T0 - 400 * DAY);
      await insertOutbox(t, org.organisation.id, 'evt_old_', 25, old);
      await insertOutbox(t, org.organisation.id, 'evt_waiting_', 3, null);
      await insertDeliveries(t, org.organisation.id, hook.id, 'evt_d_delivered_', 12, 'delivered', old, 1);
      await insertDeliveries(t, org.organisation.id, hook.id, 'evt_d_failed_', 11, 'failed', old, 3);
      await insertDeliveries(t, org.organisation.id, hook.id, 'evt_d_pending_', 4, 'pending', old, 2);
      await insertDeliveries(t, org.organisation.id, hook.id, 'evt_d_delivering_', 3, 'delivering', old, 2);

      const { db, statements } = recording(t.deps.db);
      const result = await pruneOnce({ ...t.deps, db }, at(T0), { batchSize: 10 });
      assert.deepEqual(result, { ran: true, outbox: 25, deliveries: 23, attempts: 12 + 33, emails: 0, idempotencyKeys: 0, nonces: 0 });
      const deletes = (prefix: string) => statements.filter((s) => s.startsWith(prefix)).length;
      assert.equal(deletes('DELETE FROM outbox'), 3, '10 + 10 + 5');
      assert.equal(deletes('WITH victims'), 3, '10 + 10 + 3');

      assert.equal(await count(t, 'outbox'), 3, 'undispatched rows stay');
      assert.equal(await count(t, "webhook_deliveries WHERE status IN ('pending', 'delivering')"), 7);
      assert.equal(await count(t, 'webhook_deliveries'), 7);
      assert.equal(await count(t, 'webhook_delivery_attempts'), 14, 'the attempts of unfinished deliveries stay');

      // An exact multiple of the batch size needs one more, empty, batch to know it is done.
      await insertOutbox(t, org.organisation.id, 'evt_more_', 20, old);
      statements.length = 0;
      assert.deepEqual(await pruneOnce({ ...t.deps, db }, at(T0), { batchSize: 10 }), {
        ran: true,
        outbox: 20,
        deliveries: 0,
        attempts: 0,
        emails: 0,
        idempotencyKeys: 0,
        nonces: 0,
      });
      assert.equal(deletes('DELETE FROM outbox'), 3, '10 + 10 + 0');
      assert.equal(deletes('WITH victims'), 1);
    });
  },
  { clock },
);

describeWebhooks(
  'retention: worker and replicas',
  (ctx, engine) => {
    it('the worker prunes at start and then on every interval, and stops', async () => {
      const t = ctx();
      const org = await t.newOrganisation();
      clock.set(at(T0));
      await insertOutbox(t, org.organisation.id, 'evt_w_', 15, at(T0 - 31 * DAY));
      const results: PruneResult[] = [];
      let twoRuns!: () => void;
      const done = new Promise<void>((resolve) => (twoRuns = resolve));
      const errors: unknown[] = [];
      const worker = startRetentionWorker(t.deps, {
        intervalMs: 5,
        batchSize: 10,
        onError: (e) => errors.push(e),
        onPruned: (r) => {
          results.push(r);
          if (results.length === 2) twoRuns();
        },
      });
      await done;
      await worker.stop();
      assert.deepEqual(errors, []);
      assert.deepEqual(results.slice(0, 2), [
        { ran: true, outbox: 15, deliveries: 0, attempts: 0, emails: 0, idempotencyKeys: 0, nonces: 0 },
        { ran: true, outbox: 0, deliveries: 0, attempts: 0, emails: 0, idempotencyKeys: 0, nonces: 0 },
      ]);
      assert.equal(await count(t, 'outbox'), 0);
    });

    it('reports a failed run through onError and keeps its schedule', async () => {
      const t = ctx();
      const failing: Database = { ...t.deps.db, session: () => Promise.reject(new Error('database is down')) };
      const errors: unknown[] = [];
      let twoErrors!: () => void;
      const done = new Promise<void>((resolve) => (twoErrors = resolve));
      const worker = startRetentionWorker(
        { ...t.deps, db: failing },
        {
          intervalMs: 5,
          onError: (e) => {
            errors.push(e);
            if (errors.length === 2) twoErrors();
          },
        },
      );
      await done;
      await worker.stop();
      assert.equal((errors[0] as Error).message, 'database is down');
    });

    if (engine === 'postgres') {
      it('a replica skips the run while another one holds the retention lock', async () => {
        const t = ctx();
        const org = await t.newOrganisation();
        await insertOutbox(t, org.organisation.id, 'evt_lock_', 5, at(T0 - 31 * DAY));
        const other = new pg.Client({ connectionString: t.testDb.url! });
        await other.connect();
        try {
          await other.query("SELECT pg_advisory_lock(hashtext('offerpay:retention'))");
          assert.deepEqual(await pruneOnce(t.deps, at(T0)), {
            ran: false,
            outbox: 0,
            deliveries: 0,
            attempts: 0,
            emails: 0,
            idempotencyKeys: 0,
            nonces: 0,
          });
          assert.equal(await count(t, 'outbox'), 5);
          await other.query("SELECT pg_advisory_unlock(hashtext('offerpay:retention'))");
          assert.deepEqual(await pruneOnce(t.deps, at(T0)), {
            ran: true,
            outbox: 5,
            deliveries: 0,
            attempts: 0,
            emails: 0,
            idempotencyKeys: 0,
            nonces: 0,
          });
        } finally {
          await other.end();
        }
      });
    }
  },
  { clock },
);
