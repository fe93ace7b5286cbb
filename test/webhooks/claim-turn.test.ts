// The delivery loop's turn is one statement (claim-turn.ts): it records, then claims after the claimers'
// lock, seeing what another replica claimed and committed while it waited, so the per-target cap holds
// across replicas; the claimed rows carry what sending needs, with no transaction around the call. Its
// record finds the finished rows by id however stale the statistics.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import pg from 'pg';
import { enqueue } from '../../src/platform/outbox.js';
import { claimTurn } from '../../src/webhooks/claim-turn.js';
import { FINISH_UPDATE, finishCtes, recordsJson } from '../../src/webhooks/delivery-claims-repository.js';
import { dispatchOutbox } from '../../src/webhooks/dispatcher.js';
import { countedHandle } from '../helpers/statements.js';
import { attemptOf, createWebhook, describeWebhooks, turnAt } from './helpers.js';

describeWebhooks('the delivery turn', (ctx, engine) => {
  const pendingFor = async (events: number) => {
    const org = await ctx().newOrganisation();
    const hook = await createWebhook(ctx(), org.apiToken, { url: 'http://127.0.0.1:9/turn', events: ['*'] });
    await ctx().deps.db.transaction(async (tx) => {
      for (let n = 0; n < events; n++)
        await enqueue(tx, { organisationId: org.organisation.id, topic: 'offer.updated', payload: { data: { n } } });
    });
    await dispatchOutbox(ctx().deps);
    return hook.id;
  };
  const turn = (limit: number) => turnAt(new Date(), [], 4, limit);
  const delivering = async (endpointId: string) =>
    (
      await ctx().deps.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'delivering'",
        [endpointId],
      )
    ).rows[0]!.n;

  it('claims up to the cap in one statement, each row with its endpoint and lease; a second turn finds the slots taken', async () => {
    const endpointId = await pendingFor(6);
    const { db, counter } = countedHandle(ctx().deps.db);
    const first = turn(64);
    const { claimed, failing } = await claimTurn(db, first);
    assert.deepEqual([counter.statements.length, counter.transactions], [1, 0]);
    const mine = claimed.filter((r) => r.endpoint_id === endpointId);
    assert.equal(mine.length, 4);
    assert.deepEqual(failing, []);
    for (const row of mine) {
      assert.equal(row.endpoint_url, 'http://127.0.0.1:9/turn');
      assert.equal(row.endpoint_enabled, true);
      assert.equal(row.lease_token, first.leaseToken);
      assert.equal(row.attempts, 1);
    }
    assert.equal((await claimTurn(ctx().deps.db, turn(64))).claimed.filter((r) => r.endpoint_id === endpointId).length, 0);
    assert.equal(await delivering(endpointId), 4);
  });

  it('records the finished attempts by id, without scanning the unfinished rows, however stale the statistics', async () => {
    // Statistics taken before the backlog, as after a burst: the planner thinks the partial index of
    // unfinished rows (migration 30) is nearly empty. A record whose status guard matched that index
    // ANDed a scan of all of it with the turn's ids (5,744 entries for 64 rows in bench/webhook-turn.ts).
    const endpointId = await pendingFor(10);
    const copies = (status: string, times: number) =>
      ctx().deps.db.query(
        `INSERT INTO webhook_deliveries
         SELECT (jsonb_populate_record(d, jsonb_build_object('id', gen_random_uuid(), 'event_id', d.event_id || ':' || $2 || g, 'status', $2::text))).*
           FROM webhook_deliveries d, generate_series(1, $3::int) g WHERE d.endpoint_id = $1 AND strpos(d.event_id, ':') = 0`,
        [endpointId, status, times],
      );
    await copies('delivered', 500);
    await ctx().deps.db.exec('ANALYZE webhook_deliveries');
    await copies('pending', 300);
    const now = new Date();
    const { claimed } = await claimTurn(ctx().deps.db, turnAt(now, [], 64, 64));
    const records = claimed.map((row) => attemptOf(row, now));
    assert.equal(records.length, 64);
    const { rows } = await ctx().deps.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${finishCtes('$1')} ${FINISH_UPDATE}`, [
      recordsJson(records),
    ]);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.doesNotMatch(plan, /webhook_deliveries_target_due_idx|Seq Scan on webhook_deliveries/, plan);
  });

  if (engine === 'postgres') {
    it("waits for another replica's turn and counts what it claimed against the cap", async () => {
      const endpointId = await pendingFor(10);
      const replica = new pg.Client({ connectionString: ctx().testDb.url! });
      await replica.connect();
      try {
        // The other replica's turn: it holds the claimers' lock and claims 3 of the endpoint's rows, the
        // last ones, so that only the cap (not the rows being locked) keeps this turn from the first ones.
        await replica.query('BEGIN');
        await replica.query("SELECT pg_advisory_xact_lock(hashtext('offerpay:webhooks:claim'))");
        await replica.query(
          `UPDATE webhook_deliveries SET status = 'delivering', next_attempt_at = now() + interval '1 minute', lease_token = gen_random_uuid()
            WHERE id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY seq DESC LIMIT 3)`,
          [endpointId],
        );
        const claiming = claimTurn(ctx().deps.db, turn(64));
        const waiting = "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'";
        for (let i = 0; (await ctx().deps.db.query(waiting)).rowCount === 0; i++) {
          if (i > 500) throw new Error('the turn never waited for the lock');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await replica.query('COMMIT');
        const { claimed } = await claiming;
        // 4 in flight at most: the 3 the other replica took, and 1.
        assert.equal(claimed.filter((r) => r.endpoint_id === endpointId).length, 1);
        assert.equal(await delivering(endpointId), 4);
      } finally {
        await replica.end();
      }
    });
  }
});
