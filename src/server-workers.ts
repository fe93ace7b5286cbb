// The background work beside the HTTP server: the live EVM networks (when configured), webhook
// deliveries, invoice timers, e-mail, offer documents, the offers' stored list JSON, retention and, on the
// embedded engine, what autovacuum would do.
import { priceFeedFor } from './invoices/rates/from-config.js';
import { startInvoiceWorker } from './invoices/worker.js';
import { startMailWorker } from './notifications/worker.js';
import { startDocumentsWorker } from './offers/documents-job.js';
import { startListJsonRefresh } from './offers/list-json-refresh.js';
import { startEmbeddedMaintenance } from './operations/embedded-maintenance.js';
import { startRetentionWorker } from './operations/retention.js';
import type { App, Deps } from './platform/deps.js';
import { startWebhookWorker } from './webhooks/worker.js';

/** Background work that runs beside the HTTP server and must stop before the database closes. */
export interface BackgroundWorker {
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

export async function startWorkers(app: App, deps: Deps): Promise<BackgroundWorker[]> {
  const onError: OnError = (name) => (err) => app.log.error({ err }, `${name} failed`);
  if (!deps.config.smtpUrl) app.log.info('SMTP_URL is not set: no e-mail is sent (offer invitations, payer notices)');
  return [
    ...(await startLiveNetworks(app, deps, onError)),
    startWebhookWorker(deps, { perTargetConcurrency: deps.config.webhookConcurrency, onError: onError('webhook worker') }),
    startInvoiceWorker(deps, { onError: onError('invoice timer worker') }),
    startMailWorker(deps, { onError: onError('mail worker') }),
    startDocumentsWorker(deps, { onError: onError('offer documents job') }),
    startListJsonRefresh(deps, { onError: onError('offer list JSON refresh') }),
    startEmbeddedMaintenance(deps, {
      onError: onError('embedded database maintenance'),
      onDone: (tables) => {
        if (tables.length > 0) app.log.info({ tables }, 'embedded database maintenance vacuumed and analyzed tables');
      },
    }),
    startRetentionWorker(deps, {
      onError: onError('retention job'),
      onPruned: (r) => {
        if (r.outbox + r.deliveries + r.emails + r.idempotencyKeys > 0)
          app.log.info({ pruned: r }, 'retention job pruned old outbox rows, deliveries, e-mails and idempotency keys');
      },
    }),
  ];
}
