// GET /metrics: Prometheus text behind METRICS_TOKEN, absent without it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { enqueue } from '../../src/platform/outbox.js';
import { bearer, describeEachEngine, ManualClock, type TestApp } from '../helpers/app.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
const clock = new ManualClock(new Date('2026-06-01T10:00:00Z'));

/** The value of one sample line, e.g. `name{label="x"} 3`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrapeOf(t: TestApp): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(METRICS_TOKEN) });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  assert.equal(res.headers['cache-control'], 'no-store');
  return res.body;
}

describeEachEngine(
  'GET /metrics',
  (ctx) => {
    const scrape = () => scrapeOf(ctx());

    it('asks for the metrics token', async () => {
      const none = await ctx().app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(none.statusCode, 401);
      assert.equal(none.headers['content-type'], 'application/problem+json; charset=utf-8');
      const wrong = await ctx().app.inject({ method: 'GET', url: '/metrics', headers: bearer('metrics-token-0123456780') });
      assert.equal(wrong.statusCode, 401);
    });

    it('counts requests by route pattern and status, with one label for unmatched URLs', async () => {
      const t = ctx();
      const { apiToken } = await t.newOrganisation();
      const series = 'offerpay_http_request_duration_seconds_count{method="GET",route="/offers",status_code="200"}';
      const before = sample(await scrape(), series) ?? 0;
      for (let i = 0; i < 3; i++)
        assert.equal((await t.app.inject({ method: 'GET', url: `/offers?page=${i + 1}`, headers: bearer(apiToken) })).statusCode, 200);
      await t.app.inject({ method: 'GET', url: '/offers', headers: bearer('api_wrong') });
      await t.app.inject({ method: 'GET', url: '/no/such/thing/1' });
      await t.app.inject({ method: 'GET', url: '/no/such/thing/2' });
      const text = await scrape();
      assert.equal(sample(text, series), before + 3);
      assert.equal(sample(text, 'offerpay_http_request_duration_seconds_count{method="GET",route="/offers",status_code="401"}'), 1);
      assert.equal(sample(text, 'offerpay_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}'), 2);
      assert.ok(!text.includes('/no/such/thing'));
      // The process's own metrics come along.
      assert.ok(sample(text, 'process_cpu_seconds_total') !== undefined);
      assert.match(text, /^nodejs_eventloop_lag_seconds /m);
    });

    it('counts list cache hits and misses, and the bytes it holds', async () => {
      const t = ctx();
      const { apiToken } = await t.newOrganisation();
      await t.app.inject({ method: 'POST', url: '/offers', headers: bearer(apiToken), payload: { name: 'Cached' } });
      const before = await scrape();
      const hits = sample(before, 'offerpay_offers_list_cache_requests_total{result="hit"}') ?? 0;
      const misses = sample(before, 'offerpay_offers_list_cache_requests_total{result="miss"}') ?? 0;
      for (let i = 0; i < 3; i++) await t.app.inject({ method: 'GET', url: '/offers?limit=7', headers: bearer(apiToken) });
      const after = await scrape();
      assert.equal(sample(after, 'offerpay_offers_list_cache_requests_total{result="miss"}'), misses + 1);
      assert.equal(sample(after, 'offerpay_offers_list_cache_requests_total{result="hit"}'), hits + 2);
      assert.ok(sample(after, 'offerpay_offers_list_cache_bytes')! > 0);
    });
  },
  { env: { METRICS_TOKEN }, clock },
);

// A database of its own: the oldest undispatched event is the one this test writes.
describeEachEngine(
  'GET /metrics backlogs',
  (ctx) => {
    const scrape = () => scrapeOf(ctx());

    it('reports the shared backlogs from the database', async () => {
      const t = ctx();
      const { organisation } = await t.newOrganisation();
      const before = await scrape();
      const undispatched = sample(before, 'offerpay_outbox_undispatched_events')!;
      assert.equal(sample(before, 'offerpay_outbox_oldest_undispatched_seconds'), 0);
      // Outbox rows take their time from the database's clock.
      await t.db.query(
        "INSERT INTO outbox (organisation_id, event_id, topic, payload, created_at) VALUES ($1, 'evt_metrics_old', 'offer.created', '{}', now() - interval '90 seconds')",
        [organisation.id],
      );
      await enqueue(t.db, { organisationId: organisation.id, topic: 'offer.created', payload: {} });
      const after = await scrape();
      assert.equal(sample(after, 'offerpay_outbox_undispatched_events'), undispatched + 2);
      assert.ok(sample(after, 'offerpay_outbox_oldest_undispatched_seconds')! >= 90);
      for (const name of ['offerpay_webhook_deliveries_waiting', 'offerpay_email_messages_pending', 'offerpay_invoice_timers_overdue']) {
        assert.ok(sample(after, name)! >= 0, name);
      }
    });
  },
  { env: { METRICS_TOKEN }, clock },
);

describeEachEngine('GET /metrics without METRICS_TOKEN', (ctx) => {
  it('is not there', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/metrics', headers: bearer(METRICS_TOKEN) });
    assert.equal(res.statusCode, 404);
  });
});
