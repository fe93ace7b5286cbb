// Batched recording of attempts (issue 17): one statement records a batch of successes, failures
// (with their next attempt time), timeouts and give-ups, each correctly, fenced by lease token; the
// statements a worker pass sends do not grow with the batch; and two worker loops on one PostgreSQL,
// retrying, never send or record the same attempt twice.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, it } from 'node:test';
import { openPostgres } from '../../src/db/postgres.js';
import { enqueue } from '../../src/platform/outbox.js';
import { claimTurn } from '../../src/webhooks/claim-turn.js';
import { finishAttempts, type AttemptRecord, type ClaimedRow } from '../../src/webhooks/delivery-claims-repository.js';
import { dispatchOutbox } from '../../src/webhooks/dispatcher.js';
import { runOnce, startWebhookWorker } from '../../src/webhooks/worker.js';
import { countedHandle } from '../helpers/statements.js';
import { attemptOf, createWebhook, describeWebhooks, startReceiver, turnAt, type Receiver } from './helpers.js';

describeWebhooks('batched attempt recording', (ctx, engine) => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
  });

  const emit = (organisationId: string, count: number, tag: string) =>
    ctx().deps.db.transaction(async (tx) => {
      for (let n = 0; n < count; n++) await enqueue(tx, { organisationId, topic: 'offer.updated', payload: { data: { tag, n } } });
    });

  const endpointRun = async (id: string) =>
    (
      await ctx().deps.db.query<{ consecutive_failures: number; failing_since: Date | null }>(
        'SELECT consecutive_failures, failing_since FROM webhook_endpoints WHERE id = $1',
        [id],
      )
    ).rows[0]!;

  // finishAttempts records on its own (a single pass, a stopped loop); the running loop records in its turn.
  for (const via of ['finishAttempts', 'a turn'] as const)
    it(`${via}: one statement records successes, failures, timeouts and give-ups, each correctly; a stale lease only logs its attempt`, async () => {
      const org = await ctx().newOrganisation();
      const hooks = [];
      for (const name of ['ok', 'down', 'slow', 'gone', 'stale', 'flaky']) {
        hooks.push(await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/rec-${name}`, events: ['*'] }));
      }
      const [ok, down, slow, gone, stale, flaky] = hooks.map((h) => h.id) as [string, string, string, string, string, string];
      await ctx().deps.db.query('UPDATE webhook_endpoints SET consecutive_failures = 3, failing_since = $2 WHERE id = ANY($1::uuid[])', [
        [ok, down],
        new Date(Date.now() - 60_000),
      ]);
      await emit(org.organisation.id, 2, 'rec');
      await dispatchOutbox(ctx().deps);
      const now = new Date();
      const turn = (records: AttemptRecord[], limit: number) => turnAt(now, records, 4, limit);
      const { claimed } = await claimTurn(ctx().deps.db, turn([], 64));
      const mine = claimed.filter((r) => r.organisation_id === org.organisation.id);
      assert.equal(mine.length, 12);
      const of = (endpointId: string) => mine.filter((r) => r.endpoint_id === endpointId) as [ClaimedRow, ClaimedRow];
      const later = new Date(now.getTime() + 90_000);
      const record = (row: ClaimedRow, outcome: Partial<AttemptRecord>) => attemptOf(row, now, outcome);
      const failure = { succeeded: false, status: 'pending' as const, nextAttemptAt: later, statusCode: 500, response: 'no' };
      const timeout = {
        succeeded: false,
        status: 'pending' as const,
        nextAttemptAt: later,
        statusCode: null,
        response: null,
        error: 'Timed out after 10000 ms',
      };
      const records = [
        ...of(ok).map((r) => record(r, {})),
        ...of(down).map((r) => record(r, failure)),
        ...of(slow).map((r) => record(r, timeout)),
        ...of(gone).map((r) => record(r, { ...failure, status: 'failed', nextAttemptAt: null })),
        // Another worker re-claimed these after the lease ran out: the late result is only logged.
        ...of(stale).map((r) => record(r, { leaseToken: crypto.randomUUID() })),
        // Finished in this order: a failure, a success (resets the run), a failure (starts a new one).
        record(of(flaky)[0], failure),
        record(of(flaky)[1], {}),
        record(of(flaky)[0], { ...failure, leaseToken: crypto.randomUUID() }),
      ];
      const { db, counter } = countedHandle(ctx().deps.db);
      const failing = via === 'finishAttempts' ? await finishAttempts(db, records) : (await claimTurn(db, turn(records, 0))).failing;
      assert.equal(counter.statements.length, 1, 'one statement for the whole batch');
      const { rows } = await ctx().deps.db.query<{
        endpoint_id: string;
        status: string;
        next_attempt_at: Date | null;
        last_status_code: number | null;
        last_error: string | null;
        delivered_at: Date | null;
        lease_token: string | null;
        logged: number;
      }>(
        `SELECT d.endpoint_id, d.status, d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.lease_token,
              (SELECT count(*)::int FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id) AS logged
         FROM webhook_deliveries d WHERE d.organisation_id = $1`,
        [org.organisation.id],
      );
      const states = (endpointId: string) => rows.filter((r) => r.endpoint_id === endpointId);
      for (const r of states(ok)) {
        assert.deepEqual([r.status, r.next_attempt_at, r.last_status_code, r.lease_token, r.logged], ['delivered', null, 200, null, 1]);
        assert.equal(r.delivered_at?.getTime(), now.getTime());
      }
      for (const r of states(down))
        assert.deepEqual([r.status, r.next_attempt_at?.getTime(), r.last_status_code, r.logged], ['pending', later.getTime(), 500, 1]);
      for (const r of states(slow))
        assert.deepEqual(
          [r.status, r.next_attempt_at?.getTime(), r.last_status_code, r.last_error, r.logged],
          ['pending', later.getTime(), null, 'Timed out after 10000 ms', 1],
        );
      for (const r of states(gone)) assert.deepEqual([r.status, r.next_attempt_at, r.delivered_at, r.logged], ['failed', null, null, 1]);
      for (const r of states(stale)) assert.deepEqual([r.status, r.last_status_code, r.logged], ['delivering', null, 1]);
      // Failure runs: a success resets one, failures extend it (counted from the first), a stale result counts nothing.
      assert.deepEqual(await endpointRun(ok), { consecutive_failures: 0, failing_since: null });
      const downRun = await endpointRun(down);
      assert.equal(downRun.consecutive_failures, 5);
      assert.ok(downRun.failing_since && downRun.failing_since.getTime() < now.getTime(), 'the run keeps its start');
      assert.deepEqual(await endpointRun(slow), { consecutive_failures: 2, failing_since: now });
      assert.deepEqual(await endpointRun(gone), { consecutive_failures: 2, failing_since: now });
      assert.deepEqual(await endpointRun(stale), { consecutive_failures: 0, failing_since: null });
      assert.deepEqual(await endpointRun(flaky), { consecutive_failures: 0, failing_since: null });
      assert.deepEqual(new Set(failing.map((f) => f.id)), new Set([down, slow, gone]));
      for (const f of failing) assert.deepEqual(f, { id: f.id, ...(await endpointRun(f.id)) });
    });

  it('a worker pass sends the same statements whether it attempts 3 events or 30, half of them failing', async () => {
    const org = await ctx().newOrganisation();
    await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/rec-count`, events: ['*'] });
    const pass = async (events: number) => {
      await emit(org.organisation.id, events, `count-${events}`);
      // All answers leave together (100 ms after the first request), so the attempts finish in one
      // turn of the event loop and are recorded as one batch.
      let releaseAt = 0;
      // Every other event fails: failures are recorded in the same statement as the successes.
      receiver.respond = (req) => {
        releaseAt ||= Date.now() + 100;
        const { n } = (JSON.parse(req.body) as { data: { n: number } }).data;
        return { status: n % 2 === 0 ? 200 : 500, body: 'ok', delayMs: Math.max(1, releaseAt - Date.now()) };
      };
      // Counted on this pass's own handle: the app's background jobs share ctx().deps.db.
      const { db, counter } = countedHandle(ctx().deps.db);
      try {
        const result = await runOnce({ ...ctx().deps, db }, { perTargetConcurrency: 64, maxInFlight: 64 });
        assert.deepEqual([result.attempted, result.delivered], [events, Math.ceil(events / 2)]);
        return { statements: counter.statements.length, transactions: counter.transactions };
      } finally {
        receiver.respond = () => ({ status: 200, body: 'ok' });
      }
    };
    const small = await pass(3);
    const large = await pass(30);
    // Dispatch (one transaction), claim (one statement), record (one statement): the same for both.
    assert.deepEqual(large, small);
  });

  if (engine === 'postgres') {
    it('two worker loops on one PostgreSQL, every first attempt failing: each attempt is sent and recorded once', async () => {
      const org = await ctx().newOrganisation();
      const hook = await createWebhook(ctx(), org.apiToken, { url: `${receiver.url}/rec-race`, events: ['*'] });
      const tried = new Set<string>();
      receiver.respond = (req) => {
        const id = (JSON.parse(req.body) as { event: { id: string } }).event.id;
        if (tried.has(id)) return { status: 200, body: 'ok' };
        tried.add(id);
        return { status: 500, body: 'not yet' };
      };
      const otherDb = await openPostgres(ctx().testDb.url!, { max: 5 });
      const options = {
        perTargetConcurrency: 16,
        maxInFlight: 32,
        pollIntervalMs: 10,
        backoff: { baseMs: 20, maxMs: 20, maxAttempts: 5 },
        disableAfterFailures: 1_000_000,
      };
      const workers = [startWebhookWorker(ctx().deps, options), startWebhookWorker({ ...ctx().deps, db: otherDb }, options)];
      const before = receiver.requests.length;
      const events = 60;
      try {
        await emit(org.organisation.id, events, 'race');
        await receiver.waitFor(before + 2 * events, 30_000);
        await new Promise((r) => setTimeout(r, 300)); // a duplicate would arrive now
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
        await otherDb.close();
        receiver.respond = () => ({ status: 200, body: 'ok' });
      }
      assert.equal(receiver.requests.length - before, 2 * events, 'each event sent twice: one failure, one success');
      const { rows } = await ctx().deps.db.query<{ status: string; attempts: number[] }>(
        `SELECT d.status, array_agg(a.attempt ORDER BY a.attempt) AS attempts
           FROM webhook_deliveries d JOIN webhook_delivery_attempts a ON a.delivery_id = d.id
          WHERE d.endpoint_id = $1 GROUP BY d.id, d.status`,
        [hook.id],
      );
      assert.equal(rows.length, events);
      for (const r of rows) assert.deepEqual([r.status, r.attempts], ['delivered', [1, 2]]);
      assert.deepEqual(await endpointRun(hook.id), { consecutive_failures: 0, failing_since: null });
    });
  }
});
