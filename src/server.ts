// Starts the server: open the database, migrate, (first start) create the demo organisation,
// listen, and shut down gracefully on SIGTERM/SIGINT.
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { demoBanner, servingLine, ensureDemoOrganisation } from './organisations/demo.js';
import type { App, Deps } from './platform/deps.js';
import { resolveSecretKey } from './platform/secret-key.js';
import { systemClock } from './platform/time.js';
import { priceFeedFor } from './invoices/rates/from-config.js';
import { startInvoiceWorker } from './invoices/worker.js';
import { startMailWorker } from './notifications/worker.js';
import { startDocumentsWorker } from './offers/documents-job.js';
import { startRetentionWorker } from './operations/retention.js';
import { startWebhookWorker } from './webhooks/worker.js';

const SHUTDOWN_GRACE_MS = 10_000;

/** Background work that runs beside the HTTP server and must stop before the database closes. */
interface BackgroundWorker {
  stop(): Promise<void>;
}

type OnError = (name: string) => (err: unknown) => void;

/**
 * The live EVM networks (EVM_NETWORKS) with their price feed (RATES_URL): registered and watched.
 * Their client (viem, ~2 s of module loading on a busy host) is imported only when networks are configured.
 */
async function startLiveNetworks(app: App, deps: Deps, onError: OnError): Promise<BackgroundWorker[]> {
  if (deps.config.evmNetworks.length === 0) return [];
  const { startEvmNetworks } = await import('./invoices/network/evm/start.js');
  const feed = priceFeedFor(deps.config, { onError: onError('price feed') });
  if (feed) feed.start();
  else app.log.warn('RATES_URL is not set: the live EVM networks have no prices, so live invoices cannot be quoted');
  const chains = startEvmNetworks(deps, deps.config.evmNetworks, feed, { onError: onError('EVM chain watcher') });
  return [chains, { stop: async () => feed?.stop() }];
}

async function startWorkers(app: App, deps: Deps): Promise<BackgroundWorker[]> {
  const onError: OnError = (name) => (err) => app.log.error({ err }, `${name} failed`);
  if (!deps.config.smtpUrl) app.log.info('SMTP_URL is not set: no e-mail is sent (offer invitations, payer notices)');
  return [
    ...(await startLiveNetworks(app, deps, onError)),
    startWebhookWorker(deps, { onError: onError('webhook worker') }),
    startInvoiceWorker(deps, { onError: onError('invoice timer worker') }),
    startMailWorker(deps, { onError: onError('mail worker') }),
    startDocumentsWorker(deps, { onError: onError('offer documents job') }),
    startRetentionWorker(deps, {
      onError: onError('retention job'),
      onPruned: (r) => {
        if (r.outbox + r.deliveries + r.emails + r.idempotencyKeys > 0)
          app.log.info({ pruned: r }, 'retention job pruned old outbox rows, deliveries, e-mails and idempotency keys');
      },
    }),
  ];
}

export interface RunningServer {
  app: App;
  stop(): Promise<void>;
}

export interface StartOptions {
  out?: NodeJS.WritableStream;
  /** Registers extra routes before the server starts (embedding, tests). */
  extend?: (app: App) => void;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const out = options.out ?? process.stdout;
  // The data directory's lock comes first: a server refused it touches nothing there, not even secret.key.
  const opened = await openDatabase(config);
  let app: App | undefined;
  let stopping: Promise<void> | undefined;
  let workers: BackgroundWorker[] = [];
  try {
    const secretKey = resolveSecretKey(config);
    await migrate(opened.db);
    const demo = config.production ? null : await ensureDemoOrganisation(opened.db, secretKey);
    const deps: Deps = { config, db: opened.db, secretKey, clock: systemClock };
    app = await buildApp(deps);
    options.extend?.(app);
    // Responses finished during shutdown close their connection; otherwise an idle keep-alive
    // connection would hold the server open until its keep-alive timeout.
    app.addHook('onSend', async (_request, reply) => {
      if (stopping) reply.header('connection', 'close');
    });
    // Workers first: a request served right after listen finds the live network registered.
    workers = await startWorkers(app, deps);
    await app.listen({ port: config.port, host: config.host });
    if (demo) out.write(`${demoBanner(demo, config.publicUrl)}\n`);
    out.write(`${servingLine(config.publicUrl)}\n`);
  } catch (error) {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await app?.close().catch(() => {});
    await opened.close().catch(() => {});
    throw error;
  }
  const running = app;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop accepting, let in-flight requests finish, let the workers finish their current
      // deliveries, then close the database.
      await running.close();
      await Promise.allSettled(workers.map((w) => w.stop()));
      await opened.close();
    })());
  return { app: running, stop };
}

/** Wires SIGTERM/SIGINT to a graceful stop; a second signal or the grace period forces exit. */
export function handleSignals(server: RunningServer): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(1);
    signalled = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      server.app.log.error('graceful shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
