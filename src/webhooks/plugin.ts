// Webhooks and merchant callbacks: registered by app.ts. The delivery worker (worker.ts) is started by server.ts.
import type { App, Deps } from '../platform/deps.js';
import { registerMerchantSettingsAdminRoutes } from './admin-routes.js';
import { registerWebhookApiRoutes } from './routes.js';

export function registerWebhookRoutes(app: App, deps: Deps): void {
  registerWebhookApiRoutes(app, deps);
  registerMerchantSettingsAdminRoutes(app, deps);
}

export { startWebhookWorker, runOnce } from './worker.js';
