// GET /metrics for Prometheus, present only when METRICS_TOKEN is set (bearer, compared in constant
// time). Request durations by route, the process's own metrics (prom-client's defaults), and the
// backlogs an operator alerts on, read from the database at scrape time so that every replica
// reports the same numbers for the shared queues.
import client from 'prom-client';
import { requireConfiguredToken } from '../platform/api-auth.js';
import type { App, Deps } from '../platform/deps.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's Prometheus registry, or null without METRICS_TOKEN: modules add their own metrics to it. */
    metrics: client.Registry | null;
  }
}

interface Backlog {
  outbox_undispatched: number;
  outbox_oldest_seconds: number;
  deliveries_waiting: number;
  emails_pending: number;
  invoice_timers_overdue: number;
}

/**
 * One round trip per scrape; each count runs on a partial or plain index of its table. Each age is taken
 * on the clock that wrote its column: the database's for outbox rows, the server's for invoice timers.
 */
async function readBacklog(deps: Pick<Deps, 'db' | 'clock'>): Promise<Backlog> {
  const { rows } = await deps.db.query<Backlog>(
    `SELECT (SELECT count(*) FROM outbox WHERE dispatched_at IS NULL)::int AS outbox_undispatched,
            coalesce((SELECT extract(epoch FROM now() - created_at) FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT 1), 0)::float8
              AS outbox_oldest_seconds,
            (SELECT count(*) FROM webhook_deliveries WHERE status IN ('pending', 'delivering'))::int AS deliveries_waiting,
            (SELECT count(*) FROM email_messages WHERE status = 'pending')::int AS emails_pending,
            (SELECT count(*) FROM invoice_jobs WHERE run_at < $1)::int AS invoice_timers_overdue`,
    [deps.clock.now()],
  );
  return rows[0]!;
}

/** Call before the modules that add metrics of their own (they read `app.metrics`). */
export function registerMetricsRoutes(app: App, deps: Deps): void {
  const token = deps.config.metricsToken;
  // A registry per app, not prom-client's global one: tests build many apps in one process.
  const registry = token ? new client.Registry() : null;
  app.decorate('metrics', registry);
  if (!token || !registry) return; // no token, no endpoint: /metrics answers 404 and nothing is measured.

  client.collectDefaultMetrics({ register: registry });
  const durations = new client.Histogram({
    name: 'offerpay_http_request_duration_seconds',
    help: 'Time from request to response, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const gauge = (name: string, help: string) => new client.Gauge({ name, help, registers: [registry] });
  const backlog = {
    outbox_undispatched: gauge('offerpay_outbox_undispatched_events', 'Events written but not yet turned into deliveries.'),
    outbox_oldest_seconds: gauge('offerpay_outbox_oldest_undispatched_seconds', 'Age of the oldest undispatched event (0 when none).'),
    deliveries_waiting: gauge(
      'offerpay_webhook_deliveries_waiting',
      'Webhook deliveries and merchant callbacks pending or being delivered.',
    ),
    emails_pending: gauge('offerpay_email_messages_pending', 'E-mails queued and not yet sent or failed.'),
    invoice_timers_overdue: gauge(
      'offerpay_invoice_timers_overdue',
      'Invoice timer jobs past their time (the invoice worker is behind or stopped).',
    ),
  };

  // A callback hook: it runs for every response. Unmatched URLs share one label, so that scanners
  // cannot blow up the number of series.
  app.addHook('onResponse', (request, reply, done) => {
    durations.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.get('/metrics', {
    schema: { hide: true },
    onRequest: requireConfiguredToken(token, 'METRICS_TOKEN', 'metrics token'),
    handler: async (_request, reply) => {
      const now = await readBacklog(deps);
      for (const [name, metric] of Object.entries(backlog)) metric.set(now[name as keyof Backlog]);
      return reply
        .header('cache-control', 'no-store')
        .type(registry.contentType)
        .send(await registry.metrics());
    },
  });
}
